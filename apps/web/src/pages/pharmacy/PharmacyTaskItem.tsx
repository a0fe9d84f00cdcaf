import type { PharmacyTaskView } from '@tessera/contracts'
import { useId, useState } from 'react'
import { pharmacyApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { formatDay, formatWhen } from '../../components/scheduling/time-words.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import {
  medicationLabel,
  ROUTE_LABELS,
  supplyWords,
  TASK_STATE_LABELS,
} from '../prescribing/prescription-words.ts'
import { DispenseForm } from './DispenseForm.tsx'
import { RejectForm } from './RejectForm.tsx'

export interface PharmacyTaskItemProps {
  task: PharmacyTaskView
  onChanged: () => void
}

const OPEN = new Set(['ready', 'claimed', 'checked'])

/**
 * One prescription in the pharmacy queue with the next step for its state. Only the claimant may
 * check it; the server says so to anyone else.
 */
export function PharmacyTaskItem({ task: t, onChanged }: PharmacyTaskItemProps) {
  const titleId = useId()
  const p = t.prescription
  const [form, setForm] = useState<'none' | 'dispense' | 'reject'>('none')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      await action()
      setForm('none')
      onChanged()
    } catch (err) {
      setError(toSubmitErrors(err).message)
    } finally {
      setPending(false)
    }
  }

  return (
    <li className={`card rx-card${t.overdue ? ' rx-card--overdue' : ''}`} aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {p.patientName}: {p.medication.name}
      </h2>
      <p className="item__title">
        <span className="badge badge--info">{TASK_STATE_LABELS[t.state]}</span>
        {t.overdue ? <span className="badge badge--danger">Overdue</span> : null}
        {p.medication.cdSchedule ? (
          <span className="badge badge--warning">Schedule {p.medication.cdSchedule} CD</span>
        ) : null}
        {p.issueNumber > 1 ? <span className="badge badge--info">Repeat, issue {p.issueNumber}</span> : null}
      </p>
      <dl className="rx-facts">
        <dt>Medicine</dt>
        <dd>{medicationLabel(p.medication)}</dd>
        <dt>Directions</dt>
        <dd>
          {p.details.doseText} ({p.details.dose.value} {p.details.dose.unit}, {ROUTE_LABELS[p.details.route]})
        </dd>
        <dt>Supply</dt>
        <dd>{supplyWords(p.details, p.medication.unit)}</dd>
        <dt>Prescriber</dt>
        <dd>
          {p.prescriberName}
          {p.signedAt ? `, signed ${formatWhen(p.signedAt)}` : ''}
        </dd>
        {p.validUntil ? (
          <>
            <dt>Valid until</dt>
            <dd>{formatDay(p.validUntil)}</dd>
          </>
        ) : null}
        {t.claimedBy ? (
          <>
            <dt>Claimed by</dt>
            <dd>{t.claimedBy}</dd>
          </>
        ) : null}
        <dt>In the queue since</dt>
        <dd>{formatWhen(t.createdAt)}</dd>
        {t.dispense ? (
          <>
            <dt>Dispensed</dt>
            <dd>
              Batch {t.dispense.batch}, expiry {t.dispense.expiry}
            </dd>
          </>
        ) : null}
      </dl>
      <Alert tone="error">{error}</Alert>
      {form === 'dispense' ? (
        <DispenseForm
          pending={pending}
          onDispense={(body) => void run(() => pharmacyApi.dispense(t.id, body))}
          onCancel={() => setForm('none')}
        />
      ) : null}
      {form === 'reject' ? (
        <RejectForm
          pending={pending}
          onReject={(reason) => void run(() => pharmacyApi.reject(t.id, reason))}
          onCancel={() => setForm('none')}
        />
      ) : null}
      {form === 'none' ? (
        <div className="button-row">
          {t.state === 'ready' ? (
            <Button isPending={pending} onPress={() => void run(() => pharmacyApi.claim(t.id))}>
              Claim
            </Button>
          ) : null}
          {t.state === 'claimed' ? (
            <Button isPending={pending} onPress={() => void run(() => pharmacyApi.check(t.id))}>
              Mark as checked
            </Button>
          ) : null}
          {t.state === 'checked' ? <Button onPress={() => setForm('dispense')}>Dispense</Button> : null}
          {t.state === 'dispensed' ? (
            <>
              <Button
                isPending={pending}
                onPress={() => void run(() => pharmacyApi.handover(t.id, 'shipped'))}
              >
                Mark as shipped
              </Button>
              <Button
                variant="secondary"
                isDisabled={pending}
                onPress={() => void run(() => pharmacyApi.handover(t.id, 'collected'))}
              >
                Mark as collected
              </Button>
            </>
          ) : null}
          {OPEN.has(t.state) ? (
            <Button variant="secondary" isDisabled={pending} onPress={() => setForm('reject')}>
              Return to prescriber
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}
