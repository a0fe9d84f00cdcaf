import type { ClinicianAvailability } from '@tessera/contracts'
import { useMemo, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client.ts'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { Alert } from '../Alert.tsx'
import { Button } from '../Button.tsx'
import { SelectField } from '../SelectField.tsx'
import { orderedRules, newRule, ruleErrors, type DraftRule } from './availability-draft.ts'
import { NativeField } from './NativeField.tsx'
import { timeZoneNames, WEEKDAYS } from './zoned-time.ts'

export interface WeeklyRulesFormProps {
  availability: ClinicianAvailability
  rules: DraftRule[]
  timeZone: string
  onRulesChange: (rules: DraftRule[]) => void
  onTimeZoneChange: (timeZone: string) => void
  onSaved: (availability: ClinicianAvailability) => void
}

interface Problems {
  message: string
  timeZone: string | undefined
  rules: Map<string, string[]>
}

/** The weekly hours: a time zone and, per weekday, any number of time ranges. */
export function WeeklyRulesForm({
  availability,
  rules,
  timeZone,
  onRulesChange,
  onTimeZoneChange,
  onSaved,
}: WeeklyRulesFormProps) {
  const [pending, setPending] = useState(false)
  const [saved, setSaved] = useState(false)
  const [problems, setProblems] = useState<Problems | null>(null)
  const zones = useMemo(
    () => timeZoneNames([availability.timeZone]).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
    [availability.timeZone],
  )

  const update = (key: string, change: Partial<DraftRule>): void => {
    setSaved(false)
    onRulesChange(rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)))
  }
  const remove = (key: string): void => onRulesChange(rules.filter((rule) => rule.key !== key))
  const add = (weekday: number): void => {
    const last = rules.filter((rule) => rule.weekday === weekday).at(-1)
    onRulesChange([...rules, newRule(weekday, last)])
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const ordered = orderedRules(rules)
    setPending(true)
    setSaved(false)
    setProblems(null)
    try {
      const body = { timeZone, rules: ordered.map(({ weekday, start, end }) => ({ weekday, start, end })) }
      onSaved(await schedulingStaffApi.saveAvailability(availability.clinicianId, body))
      setSaved(true)
    } catch (error) {
      const details = error instanceof ApiError ? error.details : []
      setProblems({
        message: toSubmitErrors(error).message,
        timeZone: toSubmitErrors(error).fields.timeZone?.join(' '),
        rules: ruleErrors(ordered, details),
      })
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="form sched-rules" noValidate onSubmit={(e) => void onSubmit(e)}>
      <Alert tone="success">{saved ? 'Weekly hours saved.' : null}</Alert>
      <Alert tone="error" title="The weekly hours were not saved">
        {problems?.message}
      </Alert>
      <SelectField
        label="Time zone"
        name="timeZone"
        value={timeZone}
        options={zones}
        description="The hours below are in this zone; patients see them in their own."
        onChange={(zone) => {
          setSaved(false)
          onTimeZoneChange(zone)
        }}
      />
      {problems?.timeZone ? <p className="field__error">{problems.timeZone}</p> : null}
      {WEEKDAYS.map((dayName, index) => {
        const weekday = index + 1
        const dayRules = rules.filter((rule) => rule.weekday === weekday)
        return (
          <fieldset key={dayName} className="fieldset sched-day-rules">
            <legend className="field__label">{dayName}</legend>
            {dayRules.length === 0 ? <p className="muted sched-day-rules__none">Not working</p> : null}
            {dayRules.map((rule, n) => {
              const errors = problems?.rules.get(rule.key)
              const name = `${dayName}, hours ${n + 1}`
              return (
                <div key={rule.key} className="sched-range" role="group" aria-label={name}>
                  <NativeField
                    type="time"
                    label={`${name}: from`}
                    hideLabel
                    value={rule.start}
                    required
                    onChange={(start) => update(rule.key, { start })}
                  />
                  <span aria-hidden="true">to</span>
                  <NativeField
                    type="time"
                    label={`${name}: to`}
                    hideLabel
                    value={rule.end}
                    required
                    onChange={(end) => update(rule.key, { end })}
                  />
                  <Button variant="quiet" aria-label={`Remove ${name}`} onPress={() => remove(rule.key)}>
                    Remove
                  </Button>
                  {errors ? <p className="field__error sched-range__error">{errors.join(' ')}</p> : null}
                </div>
              )
            })}
            <div>
              <Button variant="link" onPress={() => add(weekday)}>
                {`Add hours on ${dayName}`}
              </Button>
            </div>
          </fieldset>
        )
      })}
      <div className="form__actions">
        <Button type="submit" isPending={pending}>
          Save weekly hours
        </Button>
      </div>
    </form>
  )
}
