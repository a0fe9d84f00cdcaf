import type { ReminderSettings, ReminderSettingsView } from '@tessera/contracts'
import { useId, useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { Checkbox } from '../Checkbox.tsx'
import { Loading } from '../Loading.tsx'
import { TextField } from '../TextField.tsx'
import { LoadProblem } from './LoadProblem.tsx'
import { hoursText, parseHours, warningsFor, type Warnings } from './reminder-form.ts'
import { TextAreaField } from '../TextAreaField.tsx'

/** Reminder timing, sender and texts; the server's personal-data warnings sit next to their fields. */
export function ReminderSettingsCard() {
  const [view, reload] = useApiData(schedulingStaffApi.reminderSettings)
  return (
    <section className="card" aria-labelledby="reminders-title">
      <h2 id="reminders-title" className="section-title">
        Reminders
      </h2>
      <p className="muted">
        Reminders say only the date and time and ask the patient to sign in. Keep names, the kind of
        appointment and the clinic&apos;s specialty out of them: anyone who sees the patient&apos;s phone or
        inbox can read them.
      </p>
      {view.status === 'loading' ? <Loading label="Loading the reminder settings…" /> : null}
      {view.status === 'error' ? (
        <LoadProblem
          title="We could not load the reminder settings"
          message={view.message}
          onRetry={reload}
        />
      ) : null}
      {view.status === 'ready' ? <ReminderForm initial={view.data} /> : null}
    </section>
  )
}

function FieldWarnings({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <ul className="sched-warnings" id={id}>
      {messages.map((message) => (
        <li key={message}>
          <span className="sched-warnings__label">Warning: </span>
          {message}
        </li>
      ))}
    </ul>
  )
}

type TextKey = 'senderName' | 'emailSubject' | 'emailText' | 'smsText'

function ReminderForm({ initial }: { initial: ReminderSettingsView }) {
  const protect = useProtectedAction()
  const id = useId()
  const [settings, setSettings] = useState<ReminderSettings>(initial.settings)
  const [hours, setHours] = useState(hoursText(initial.settings.offsetsMinutes))
  const [warnings, setWarnings] = useState<Warnings>(initial.warnings)
  const [pending, setPending] = useState(false)
  const [saved, setSaved] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)

  const set = (key: TextKey) => (value: string) => setSettings((s) => ({ ...s, [key]: value }))
  const warningProps = (key: keyof ReminderSettings) =>
    warningsFor(warnings, key).length > 0 ? { 'aria-describedby': `${id}-${key}` } : {}
  const below = (key: keyof ReminderSettings) => (
    <FieldWarnings id={`${id}-${key}`} messages={warningsFor(warnings, key)} />
  )

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    setSaved(false)
    const offsets = parseHours(hours)
    if (typeof offsets === 'string') {
      setErrors({ message: 'Check the reminder times.', fields: { offsetsMinutes: [offsets] } })
      return
    }
    setPending(true)
    setErrors(null)
    try {
      const body = { ...settings, offsetsMinutes: offsets }
      const answer = await protect(() => schedulingStaffApi.saveReminderSettings(body))
      setSettings(answer.settings)
      setHours(hoursText(answer.settings.offsetsMinutes))
      setWarnings(answer.warnings)
      setSaved(true)
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <Alert tone="success">
        {saved
          ? warnings.length > 0
            ? 'Reminder settings saved, with warnings: see the notes next to the fields.'
            : 'Reminder settings saved.'
          : null}
      </Alert>
      <Alert tone="error" title="The reminder settings were not saved">
        {errors?.message}
      </Alert>
      <Form className="form" validationErrors={errors?.fields ?? {}} onSubmit={(e) => void onSubmit(e)}>
        <TextField
          name="offsetsMinutes"
          label="Send reminders, in hours before the start"
          description="Up to five, separated by commas: “24, 1” sends one a day before and one an hour before. Leave empty for none."
          value={hours}
          onChange={setHours}
        />
        <TextField
          name="senderName"
          label="Sender name"
          description="The name patients see in their inbox."
          value={settings.senderName}
          onChange={set('senderName')}
          maxLength={80}
          isRequired
          requiredMessage="Enter a sender name."
          {...warningProps('senderName')}
        />
        {below('senderName')}
        <TextField
          name="emailSubject"
          label="Email subject"
          value={settings.emailSubject}
          onChange={set('emailSubject')}
          maxLength={120}
          isRequired
          requiredMessage="Enter a subject."
          {...warningProps('emailSubject')}
        />
        {below('emailSubject')}
        <TextAreaField
          inputClassName="sched-textarea"
          rows={5}
          name="emailText"
          label="Email text"
          description="{date}, {time}, {timeZone} and {link} are filled in for each reminder."
          value={settings.emailText}
          onChange={set('emailText')}
          maxLength={2000}
          isRequired
          {...warningProps('emailText')}
        />
        {below('emailText')}
        <Checkbox
          name="smsEnabled"
          isSelected={settings.smsEnabled}
          onChange={(on) => setSettings((s) => ({ ...s, smsEnabled: on }))}
          description="Texts go to patients who gave a mobile number, through the clinic's SMS provider."
        >
          Also send reminders by text message
        </Checkbox>
        {below('smsEnabled')}
        <TextAreaField
          inputClassName="sched-textarea"
          name="smsText"
          label="Text message"
          description="Up to 320 characters; the same placeholders work."
          value={settings.smsText}
          onChange={set('smsText')}
          maxLength={320}
          rows={3}
          isRequired
          {...warningProps('smsText')}
        />
        {below('smsText')}
        <div className="form__actions">
          <Button type="submit" isPending={pending}>
            Save reminder settings
          </Button>
        </div>
      </Form>
    </>
  )
}
