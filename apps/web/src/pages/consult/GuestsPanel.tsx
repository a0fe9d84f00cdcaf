import type { GuestKind, GuestView } from '@tessera/contracts'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { TextField } from '../../components/TextField.tsx'
import { formatClock } from '../../components/scheduling/time-words.ts'
import { formText } from '../../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { setGuestAdmitted } from './guest/admitted-guests.ts'
import { guestsApi } from './guest/guest-api.ts'

const KINDS = [
  { value: 'interpreter', label: 'Interpreter' },
  { value: 'carer', label: 'Carer' },
] as const

const STATE_TEXT: Record<GuestView['state'], string> = {
  invited: 'Invitation sent',
  ready: 'Opened the link',
  waiting: 'In the waiting room',
  admitted: 'Let in',
  revoked: 'Removed',
  expired: 'Invitation ended',
}

/** Polls the guest list while the consultation is open (guests have no lobby socket). */
const POLL_MS = 3000

/**
 * JOURNEYS.md clinician step 3, "Invite an interpreter by one-time link": the clinician invites a
 * guest (the link and then a code go to the guest's email only), sees them wait, lets them in or
 * removes them. A guest goes on the call's signed roster only once let in from here.
 */
export function GuestsPanel({ appointmentId }: { appointmentId: string }) {
  const [guests, setGuests] = useState<GuestView[]>([])
  const [kind, setKind] = useState<GuestKind>('interpreter')
  const [pending, setPending] = useState(false)
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [formKey, setFormKey] = useState(0)

  const reload = useCallback(
    (signal?: AbortSignal) =>
      guestsApi.list(appointmentId, signal).then(
        (r) => setGuests(r.guests),
        () => undefined,
      ),
    [appointmentId],
  )
  useEffect(() => {
    const controller = new AbortController()
    void reload(controller.signal)
    const timer = setInterval(() => void reload(controller.signal), POLL_MS)
    return () => {
      clearInterval(timer)
      controller.abort()
    }
  }, [reload])

  const invite = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    setPending(true)
    setErrors(null)
    setNotice(null)
    try {
      const guest = await guestsApi.invite(appointmentId, {
        name: formText(data, 'name'),
        email: formText(data, 'email'),
        kind,
      })
      setNotice(
        `Invitation sent to ${guest.email}. ${guest.name} gets a code by email when opening the link.`,
      )
      setFormKey((k) => k + 1)
      await reload()
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  const act = async (guest: GuestView, action: 'admit' | 'revoke'): Promise<void> => {
    setBusy(guest.id)
    setErrors(null)
    try {
      // remembered before the server hears it: the roster may be signed as soon as the guest joins
      if (action === 'admit') setGuestAdmitted(appointmentId, guest.id, true)
      else setGuestAdmitted(appointmentId, guest.id, false)
      if (action === 'admit') await guestsApi.admit(appointmentId, guest.id)
      else await guestsApi.revoke(appointmentId, guest.id)
    } catch (error) {
      if (action === 'admit') setGuestAdmitted(appointmentId, guest.id, false)
      setErrors(toSubmitErrors(error))
    } finally {
      setBusy(null)
      await reload()
    }
  }

  const current = guests.filter((g) => g.state !== 'revoked' && g.state !== 'expired')
  return (
    <section className="card guests-panel" aria-labelledby="guests-title">
      <h2 id="guests-title" className="section-title">
        Guests
      </h2>
      <p className="muted">
        Invite an interpreter or a carer to this consultation. They get a one-time link by email, then a code;
        you let them in from here.
      </p>
      {current.length > 0 ? (
        <ul className="guests-panel__list" aria-label="Invited guests">
          {current.map((g) => (
            <li key={g.id} className="guests-panel__guest" data-guest-state={g.state}>
              <span>
                <strong>{g.name}</strong> ({g.kind}) · {STATE_TEXT[g.state]}
                {g.state === 'waiting' && g.checkedInAt ? ` since ${formatClock(g.checkedInAt)}` : ''}
              </span>
              <span className="button-row">
                {g.state === 'waiting' ? (
                  <Button isPending={busy === g.id} onPress={() => void act(g, 'admit')}>
                    Admit {g.name}
                  </Button>
                ) : null}
                <Button variant="secondary" isPending={busy === g.id} onPress={() => void act(g, 'revoke')}>
                  Remove {g.name}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <Alert tone="error" title="The guest could not be invited">
        {errors?.message}
      </Alert>
      <div role="status">{notice ? <p>{notice}</p> : null}</div>
      <Form
        key={formKey}
        className="form"
        aria-label="Invite a guest"
        validationErrors={errors?.fields ?? {}}
        onSubmit={(e) => void invite(e)}
      >
        <TextField
          name="name"
          label="Guest’s name"
          isRequired
          requiredMessage="Enter the guest’s name."
          maxLength={80}
        />
        <TextField
          name="email"
          label="Guest’s email"
          type="email"
          autoComplete="off"
          isRequired
          requiredMessage="Enter the guest’s email address."
          typeMismatchMessage="Enter an email address, like name@example.org."
        />
        <SelectField
          name="kind"
          label="Joins as"
          value={kind}
          options={KINDS}
          onChange={(v) => setKind(v === 'carer' ? 'carer' : 'interpreter')}
        />
        <div className="form__actions">
          <Button type="submit" variant="secondary" isPending={pending}>
            Invite a guest
          </Button>
        </div>
      </Form>
    </section>
  )
}
