import type { MisuseAlertView } from '@tessera/contracts'
import { useState } from 'react'
import { Button } from '../../components/Button.tsx'
import { formatDateTime } from '../../lib/format-time.ts'
import { ROLE_LABELS } from '../../lib/roles.ts'
import { RULE_LABELS } from './alert-labels.ts'
import { ReviewAlertDialog } from './ReviewAlertDialog.tsx'

export interface AlertItemProps {
  alert: MisuseAlertView
  /** Whether this person may acknowledge or dismiss it (a privacy officer, not about themselves). */
  canReview: boolean
  isAboutSelf: boolean
  onReviewed: () => void
}

const STATUS_BADGE = {
  open: 'badge badge--warning',
  acknowledged: 'badge badge--info',
  dismissed: 'badge',
} as const

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

/** One alert: what fired, who, when, how much, and its review. */
export function AlertItem({ alert, canReview, isAboutSelf, onReviewed }: AlertItemProps) {
  const [reviewing, setReviewing] = useState<'acknowledged' | 'dismissed' | null>(null)
  const rule = RULE_LABELS[alert.rule]
  const who = alert.actor ? `${alert.actor.displayName} (${ROLE_LABELS[alert.actor.role]})` : 'An account'
  const statusLabel = alert.status.charAt(0).toUpperCase() + alert.status.slice(1)
  // Refused requests may name ids that belong to nobody: count them as ids, not patients.
  const unit = alert.rule === 'denial-storm' ? 'record id' : 'patient'

  return (
    <li className="item">
      <div className="item__main">
        <p className="item__title">
          {rule.title}
          <span className={STATUS_BADGE[alert.status]}>{statusLabel}</span>
        </p>
        <p>{who}</p>
        <p className="item__meta">{rule.summary}</p>
        <p className="item__meta">
          {formatDateTime(alert.windowStart)} to {formatDateTime(alert.windowEnd)} ·{' '}
          {plural(alert.eventCount, 'event')}
          {alert.patientCount > 0 ? ` · ${plural(alert.patientCount, unit)}` : ''}
        </p>
        <p className="item__meta">Detected {formatDateTime(alert.detectedAt)}</p>
        {alert.reviewedAt ? (
          <p className="item__meta">
            {statusLabel} by {alert.reviewedBy ?? 'a former staff member'} on{' '}
            {formatDateTime(alert.reviewedAt)}
            {alert.note ? `: ${alert.note}` : ''}
          </p>
        ) : null}
        {isAboutSelf && alert.status === 'open' ? (
          <p className="item__meta">
            This alert is about your account: another privacy officer must review it.
          </p>
        ) : null}
      </div>
      {canReview && alert.status === 'open' ? (
        <div className="item__actions">
          <Button variant="secondary" onPress={() => setReviewing('acknowledged')}>
            Acknowledge
            <span className="visually-hidden">
              {' '}
              alert: {rule.title}, {who}
            </span>
          </Button>
          <Button variant="quiet" onPress={() => setReviewing('dismissed')}>
            Dismiss
            <span className="visually-hidden">
              {' '}
              alert: {rule.title}, {who}
            </span>
          </Button>
        </div>
      ) : null}
      {reviewing ? (
        <ReviewAlertDialog
          alertId={alert.id}
          status={reviewing}
          onClose={() => setReviewing(null)}
          onSaved={onReviewed}
        />
      ) : null}
    </li>
  )
}
