import type { PrescriptionView, RepeatRequestKind, RepeatRequestView } from '@tessera/contracts'
import { useId, useState } from 'react'
import { myPrescriptionsApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { formatDay, formatWhen } from '../../components/scheduling/time-words.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { PrescriptionTimeline } from './PrescriptionTimeline.tsx'
import { quantityWords } from './prescription-words.ts'

export interface MyPrescriptionCardProps {
  prescription: PrescriptionView
  requests: readonly RepeatRequestView[]
  onRequested: () => void
}

const REQUEST_WORDS: Record<RepeatRequestKind, { ask: string; confirm: string; sent: string }> = {
  repeat: { ask: 'Request a repeat', confirm: 'Send repeat request', sent: 'Repeat requested' },
  review: { ask: 'Request a review', confirm: 'Send review request', sent: 'Review requested' },
}

/**
 * One prescription for its patient: the timeline, and "Request a repeat" (when repeats remain) or
 * "Request a review": tap, then confirm. A declined request shows the clinician's message.
 */
export function MyPrescriptionCard({ prescription: p, requests, onRequested }: MyPrescriptionCardProps) {
  const titleId = useId()
  const [confirming, setConfirming] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const latest = [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
  const kind = p.canRequest ?? null

  const send = async (k: RepeatRequestKind): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      await myPrescriptionsApi.request(p.id, k)
      setConfirming(false)
      onRequested()
    } catch (err) {
      setError(toSubmitErrors(err).message)
    } finally {
      setPending(false)
    }
  }

  return (
    <li className="card rx-card" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {p.medication.name} {p.medication.strength}
      </h2>
      <p className="muted">
        {p.details.doseText}. {quantityWords(p.details.quantity, p.medication.unit)}, {p.details.daysSupply}{' '}
        days
        {p.issueNumber > 1 ? ` · repeat ${p.issueNumber - 1}` : ''} · from {p.prescriberName} · to{' '}
        {p.pharmacy.name}
      </p>
      <PrescriptionTimeline steps={p.timeline} />
      {p.rejectReason ? (
        <p className="rx-item__reason">
          <strong>The pharmacy returned it:</strong> {p.rejectReason}
        </p>
      ) : null}
      {latest ? <RequestOutcome request={latest} /> : null}
      <p className="muted">
        {p.repeatsRemaining > 0
          ? `${p.repeatsRemaining} repeat${p.repeatsRemaining === 1 ? '' : 's'} left`
          : 'No repeats left'}
        {p.validUntil && p.status === 'active' ? ` · valid until ${formatDay(p.validUntil)}` : ''}
      </p>
      <Alert tone="error">{error}</Alert>
      {kind && !confirming ? (
        <div className="button-row">
          <Button variant={kind === 'repeat' ? 'primary' : 'secondary'} onPress={() => setConfirming(true)}>
            {REQUEST_WORDS[kind].ask}
          </Button>
        </div>
      ) : null}
      {kind && confirming ? (
        <div className="stack rx-confirm">
          <p>
            {kind === 'repeat'
              ? `Ask ${p.prescriberName} to issue a repeat of ${p.medication.name}? It goes to ${p.pharmacy.name} once approved.`
              : `Ask ${p.prescriberName} for a review of ${p.medication.name}? The clinic will contact you.`}
          </p>
          <div className="button-row">
            <Button isPending={pending} onPress={() => void send(kind)}>
              {REQUEST_WORDS[kind].confirm}
            </Button>
            <Button variant="secondary" isDisabled={pending} onPress={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
    </li>
  )
}

function RequestOutcome({ request: r }: { request: RepeatRequestView }) {
  const what = REQUEST_WORDS[r.kind].sent
  if (r.state === 'pending')
    return (
      <p className="rx-request">
        <span className="badge badge--info">{what}</span> {formatWhen(r.createdAt)}: waiting for your
        clinician.
      </p>
    )
  if (r.state === 'approved')
    return (
      <p className="rx-request">
        <span className="badge badge--success">Approved</span> Your clinician issued it
        {r.decidedAt ? ` on ${formatDay(r.decidedAt)}` : ''}.
      </p>
    )
  return (
    <div className="rx-request">
      <p>
        <span className="badge badge--warning">Declined</span>
        {r.decidedAt ? ` ${formatDay(r.decidedAt)}` : ''}. Your clinician wrote:
      </p>
      <blockquote className="rx-request__message">{r.message}</blockquote>
    </div>
  )
}
