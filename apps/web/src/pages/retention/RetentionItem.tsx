import type { RetentionFlag } from '@tessera/contracts'
import { useState } from 'react'
import { retentionApi } from '../../api/retention.ts'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { categoryLabel, dateOnly } from './retention-words.ts'

export interface RetentionItemProps {
  flag: RetentionFlag
  /** Set once this officer approved the erasure (the server no longer lists it as flagged). */
  erasedAt: string | null
  onErased: (erasedAt: string) => void
}

/** One record past retention: the patient reference and dates only, and "approve erasure". */
export function RetentionItem({ flag, erasedAt, onErased }: RetentionItemProps) {
  const [confirming, setConfirming] = useState(false)
  const ref = `Patient ${flag.patientId}`
  return (
    <li className="item item--wrap">
      <div className="item__main">
        <p className="item__title">
          {ref}
          {erasedAt ? <span className="badge badge--danger">Erased</span> : null}
        </p>
        <p className="item__meta">{categoryLabel(flag.category)}</p>
        <p className="item__meta">
          Last contact {dateOnly(flag.lastContactAt)}; kept until {dateOnly(flag.retainUntil)}; flagged{' '}
          {dateOnly(flag.flaggedAt)}.
        </p>
        {erasedAt ? (
          <p className="item__meta">
            Erased on {dateOnly(erasedAt)}: the documents and sealed notes can no longer be opened.
          </p>
        ) : null}
      </div>
      {erasedAt ? null : (
        <div className="item__actions">
          <Button variant="danger" onPress={() => setConfirming(true)}>
            Approve erasure<span className="visually-hidden"> of {ref}</span>
          </Button>
        </div>
      )}
      <ConfirmDialog
        title="Erase this record? This cannot be undone"
        isOpen={confirming}
        confirmLabel="Erase permanently"
        danger
        onConfirm={async () => {
          const done = await retentionApi.approveErasure(flag.patientId)
          onErased(done.erasedAt)
        }}
        onClose={() => setConfirming(false)}
      >
        <p>
          Erasure is <strong>irreversible</strong>. The patient's key is destroyed: their documents and sealed
          notes can never be read again, by anyone, and backups cannot bring them back once the older key
          versions are retired.
        </p>
        <p>
          {ref}, last contact {dateOnly(flag.lastContactAt)}. The server checks again that nothing newer
          happened since it was flagged, and your approval is recorded in the audit trail.
        </p>
      </ConfirmDialog>
    </li>
  )
}
