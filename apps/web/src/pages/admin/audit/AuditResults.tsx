import type { AuditEntry } from '@tessera/contracts'
import { OUTCOME_BADGES, OUTCOME_LABELS, formatAuditTime, purposeLabel, roleLabel } from './audit-format.ts'

export interface AuditResultsProps {
  entries: readonly AuditEntry[]
  /** "Events 51–100", for the caption. */
  caption: string
}

/** Cell labels repeat inside each cell for the stacked layout on phones; screen readers use the headers. */
function CellLabel({ children }: { children: string }) {
  return (
    <span className="audit-table__label" aria-hidden="true">
      {children}
    </span>
  )
}

/**
 * The matching events as a table (a real one: headers announced with each cell). Below 48rem each
 * row becomes a card with its own labels, so nothing scrolls sideways on a phone.
 */
export function AuditResults({ entries, caption }: AuditResultsProps) {
  return (
    <table className="audit-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Patient</th>
          <th scope="col">Why</th>
          <th scope="col">From</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>
              <CellLabel>When</CellLabel>
              <time dateTime={entry.time}>{formatAuditTime(entry.time)}</time>
            </td>
            <td>
              <CellLabel>Who</CellLabel>
              <span className="audit-table__name">{entry.actor?.displayName ?? 'Nobody signed in'}</span>
              <span className="audit-table__meta">{roleLabel(entry.actorRole)}</span>
            </td>
            <td>
              <CellLabel>Action</CellLabel>
              <code className="audit-table__action">{entry.action}</code>
              <span className={OUTCOME_BADGES[entry.outcome]}>
                {OUTCOME_LABELS[entry.outcome]}
                {entry.detail ? ` (${entry.detail})` : ''}
              </span>
            </td>
            <td>
              <CellLabel>Patient</CellLabel>
              {entry.patient ? (entry.patient.displayName ?? 'Unknown patient') : '—'}
            </td>
            <td>
              <CellLabel>Why</CellLabel>
              {purposeLabel(entry.purpose)}
            </td>
            <td>
              <CellLabel>From</CellLabel>
              <span className="audit-table__ip">{entry.ip ?? '—'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
