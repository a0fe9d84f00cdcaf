import type { ProcessorView } from '@tessera/contracts'
import { useState } from 'react'
import { complianceApi } from '../../api/compliance.ts'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ProcessorDialog } from './ProcessorDialog.tsx'

export interface ProcessorItemProps {
  processor: ProcessorView
  /** The admin edits and removes; the privacy officer reads. */
  canEdit: boolean
  onChanged: () => void
}

function agreementWords(p: ProcessorView): string {
  if (!p.agreementSigned) return 'Agreement not signed'
  return p.agreementExpiresOn
    ? `Agreement signed, until ${p.agreementExpiresOn}`
    : 'Agreement signed, no end date'
}

/** One processor: what it is for, its agreement and hosts; edit and remove for the admin. */
export function ProcessorItem({ processor: p, canEdit, onChanged }: ProcessorItemProps) {
  const [editing, setEditing] = useState(false)
  const [removing, setRemoving] = useState(false)

  return (
    <li className="item item--wrap">
      <div className="item__main">
        <p className="item__title">
          {p.name} <span className="badge">{p.region}</span>
        </p>
        <p className="item__meta">{p.purpose}</p>
        <p className="item__meta">
          Data: {p.dataCategories.join(', ') || 'no personal data'}. Hosts: {p.hosts.join(', ') || 'none'}.
        </p>
        <p className="item__meta">{agreementWords(p)}.</p>
      </div>
      {canEdit ? (
        <div className="item__actions">
          <Button variant="quiet" onPress={() => setEditing(true)}>
            Edit<span className="visually-hidden"> {p.name}</span>
          </Button>
          <Button variant="quiet" onPress={() => setRemoving(true)}>
            Remove<span className="visually-hidden"> {p.name}</span>
          </Button>
        </div>
      ) : null}
      {canEdit && editing ? (
        <ProcessorDialog processor={p} isOpen onClose={() => setEditing(false)} onSaved={onChanged} />
      ) : null}
      <ConfirmDialog
        title={`Remove ${p.name}?`}
        isOpen={removing}
        confirmLabel="Remove processor"
        danger
        onConfirm={async () => {
          await complianceApi.deleteProcessor(p.id)
          onChanged()
        }}
        onClose={() => setRemoving(false)}
      >
        <p>
          It leaves the register, and the server stops connecting to its hosts
          {p.hosts.length > 0 ? ` (${p.hosts.join(', ')})` : ''}. Anything that still uses it will fail.
        </p>
      </ConfirmDialog>
    </li>
  )
}
