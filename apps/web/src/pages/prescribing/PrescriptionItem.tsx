import type { PrescriptionView } from '@tessera/contracts'
import type { ReactNode } from 'react'
import { formatDay } from '../../components/scheduling/time-words.ts'
import { medicationLabel, STATUS_LABELS, statusTone, supplyWords } from './prescription-words.ts'

export interface PrescriptionItemProps {
  prescription: PrescriptionView
  /** Who it is for, shown on queues that mix patients. */
  showPatient?: boolean
  children?: ReactNode
}

/** One prescription in a staff list: product, status, directions, supply, where it went. */
export function PrescriptionItem({ prescription: p, showPatient = false, children }: PrescriptionItemProps) {
  return (
    <li className="item rx-item">
      <div className="item__main">
        <p className="item__title">
          <strong>{medicationLabel(p.medication)}</strong>
          <span className={`badge badge--${statusTone(p.status)}`}>{STATUS_LABELS[p.status]}</span>
          {p.issueNumber > 1 ? <span className="badge badge--info">Issue {p.issueNumber}</span> : null}
        </p>
        {showPatient ? <p className="item__meta">For {p.patientName}</p> : null}
        <p className="item__meta">{p.details.doseText}</p>
        <p className="item__meta">
          {supplyWords(p.details, p.medication.unit)} · {p.pharmacy.name}
          {p.signedAt ? ` · signed ${formatDay(p.signedAt)} by ${p.prescriberName}` : ''}
        </p>
        {p.rejectReason ? (
          <p className="rx-item__reason">
            <strong>Pharmacy&apos;s reason:</strong> {p.rejectReason}
          </p>
        ) : null}
        {children}
      </div>
    </li>
  )
}
