import type { AdminConsentKind, AdminConsentVersion } from '@tessera/contracts'
import { useState } from 'react'
import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { formatDate } from '../../lib/format-time.ts'
import { useProtectedAction } from '../../lib/step-up.tsx'
import { ConsentBody } from './ConsentBody.tsx'
import { ConsentDraftForm } from './ConsentDraftForm.tsx'

export interface AdminConsentKindCardProps {
  kind: AdminConsentKind
  onChanged: () => void
}

function patients(n: number): string {
  return n === 1 ? '1 patient' : `${n} patients`
}

function versionFacts(v: AdminConsentVersion): string {
  const by = v.publishedBy ? ` by ${v.publishedBy}` : ''
  const when = v.text.publishedAt ? formatDate(v.text.publishedAt) : ''
  return `Published ${when}${by}. Accepted by ${patients(v.acceptedCount)}; in force for ${patients(v.inForceCount)}.`
}

/** One kind of consent text: the version in force, its draft (edit, publish, discard), and history. */
export function AdminConsentKindCard({ kind, onChanged }: AdminConsentKindCardProps) {
  const protect = useProtectedAction()
  const [editing, setEditing] = useState(false)
  const [confirm, setConfirm] = useState<'publish' | 'discard' | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const draft = kind.versions.find((v) => v.text.status === 'draft')?.text ?? null
  const published = kind.versions.filter((v) => v.text.status === 'published')
  const current = published[0] ?? null
  const headingId = `consent-kind-${kind.kind}`

  const publish = async (): Promise<void> => {
    if (!draft) return
    const done = await protect(() => consentApi.publish(draft.id))
    setMessage(`Version ${done.version} is published. Patients will be asked to agree to it.`)
    onChanged()
  }
  const discard = async (): Promise<void> => {
    if (!draft) return
    await consentApi.discardDraft(draft.id)
    setMessage('The draft is discarded.')
    onChanged()
  }

  return (
    <section className="card consent-admin" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {kind.label}
      </h2>
      <p className="muted">
        {kind.requiredBefore === 'consultation'
          ? 'Patients must agree before their video consultations.'
          : 'Optional: patients may say no.'}
      </p>
      <Alert tone="success">{message}</Alert>
      {current ? (
        <div className="consent-admin__current">
          <p className="item__title">
            Version {current.text.version}: {current.text.title}
            <span className="badge badge--success">In use</span>
          </p>
          <p className="item__meta">{versionFacts(current)}</p>
        </div>
      ) : (
        <Alert tone="info">
          Nothing is published yet.
          {kind.requiredBefore
            ? ' Patients cannot join video consultations until you publish this text.'
            : ''}
        </Alert>
      )}
      {editing ? (
        <ConsentDraftForm
          kind={kind.kind}
          draft={draft}
          startFrom={current?.text ?? null}
          onSaved={(saved) => {
            setEditing(false)
            setMessage(`Draft version ${saved.version} is saved. Read it through, then publish it.`)
            onChanged()
          }}
          onCancel={() => setEditing(false)}
        />
      ) : null}
      {draft && !editing ? (
        <div className="consent-admin__draft">
          <h3 className="subsection-title">
            Draft: version {draft.version} <span className="badge badge--warning">Not published</span>
          </h3>
          <div className="consent-text">
            <p className="consent-text__title">{draft.title}</p>
            <ConsentBody body={draft.body} headingLevel={4} />
          </div>
          <div className="consent-card__actions">
            <Button onPress={() => setConfirm('publish')}>Publish version {draft.version}</Button>
            <Button variant="secondary" onPress={() => setEditing(true)}>
              Edit draft
            </Button>
            <Button variant="quiet" onPress={() => setConfirm('discard')}>
              Discard draft
            </Button>
          </div>
        </div>
      ) : null}
      {!draft && !editing ? (
        <Button variant="secondary" onPress={() => setEditing(true)}>
          New version<span className="visually-hidden"> of the {kind.label.toLowerCase()}</span>
        </Button>
      ) : null}
      {published.length > 0 ? (
        <details className="consent-admin__history">
          <summary>All published versions ({published.length})</summary>
          <ul className="item-list">
            {published.map((v) => (
              <li key={v.text.id} className="item">
                <div className="item__main">
                  <p className="item__title">
                    Version {v.text.version}: {v.text.title}
                  </p>
                  <p className="item__meta">{versionFacts(v)}</p>
                  <details>
                    <summary>Read version {v.text.version}</summary>
                    <ConsentBody body={v.text.body} headingLevel={4} />
                  </details>
                </div>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <ConfirmDialog
        title={confirm === 'discard' ? 'Discard this draft?' : `Publish version ${draft?.version ?? ''}?`}
        isOpen={confirm !== null && draft !== null}
        confirmLabel={confirm === 'discard' ? 'Discard' : 'Publish'}
        danger={confirm === 'discard'}
        onConfirm={() => (confirm === 'discard' ? discard() : publish())}
        onClose={() => setConfirm(null)}
      >
        {confirm === 'discard' ? (
          <p>The draft is deleted. Published versions are not affected.</p>
        ) : (
          <>
            <p>Patients who agreed to an earlier version will be asked to agree to this one.</p>
            <p>A published version cannot be changed afterwards; you can only publish a newer one.</p>
          </>
        )}
      </ConfirmDialog>
    </section>
  )
}
