import type { PatientConsentItem } from '@tessera/contracts'
import { useState } from 'react'
import { Link } from 'wouter'
import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Loading } from '../../components/Loading.tsx'
import { useApiData } from '../../lib/use-api-data.ts'
import { requirementSentence, stateSentence, statusBadge, WITHDRAW_EFFECT } from './consent-words.ts'
import './consent.css'

export interface PrivacyConsentsSectionProps {
  consentsHref: string
}

/** The privacy centre's "My consents": each one's state, Withdraw (at once), or a way to agree. */
export function PrivacyConsentsSection({ consentsHref }: PrivacyConsentsSectionProps) {
  const [data, reload] = useApiData(consentApi.mine)
  const [withdrawing, setWithdrawing] = useState<PatientConsentItem | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const items =
    data.status === 'ready' ? data.data.items.filter((i) => i.text || i.state.status !== 'never') : []

  const withdraw = async (item: PatientConsentItem): Promise<void> => {
    await consentApi.withdraw(item.kind)
    setDone(`${item.label}: withdrawn. This applies straight away.`)
    reload()
  }

  return (
    <section className="card" aria-labelledby="privacy-consents-title">
      <h2 id="privacy-consents-title" className="section-title">
        My consents
      </h2>
      <p className="muted">What you agreed to. Withdrawing takes effect straight away.</p>
      <Alert tone="success">{done}</Alert>
      {data.status === 'loading' ? <Loading label="Loading your consents…" /> : null}
      {data.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load your consents">
            {data.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {data.status === 'ready' && items.length === 0 ? (
        <p>The clinic has not asked for any consent yet.</p>
      ) : null}
      {items.length > 0 ? (
        <ul className="item-list" aria-label="My consents">
          {items.map((item) => {
            const badge = statusBadge(item)
            return (
              <li key={item.kind} className="item">
                <div className="item__main">
                  <p className="item__title">
                    {item.label}
                    <span className={`badge badge--${badge.tone}`}>{badge.text}</span>
                  </p>
                  <p className="item__meta">{stateSentence(item.state)}</p>
                  <p className="item__meta">{requirementSentence(item)}</p>
                </div>
                <div className="item__actions">
                  {item.state.status === 'given' ? (
                    <Button variant="secondary" onPress={() => setWithdrawing(item)}>
                      Withdraw<span className="visually-hidden"> {item.label}</span>
                    </Button>
                  ) : null}
                  {item.text && (item.state.status !== 'given' || !item.state.current) ? (
                    <Link href={consentsHref} className="button button--secondary consent-button-link">
                      {item.state.status === 'withdrawn' ? 'Agree again' : 'Review'}
                      <span className="visually-hidden"> {item.label}</span>
                    </Link>
                  ) : null}
                </div>
              </li>
            )
          })}
        </ul>
      ) : null}
      <ConfirmDialog
        title={`Withdraw: ${withdrawing?.label ?? 'consent'}?`}
        isOpen={withdrawing !== null}
        confirmLabel="Withdraw"
        danger
        onConfirm={() => (withdrawing ? withdraw(withdrawing) : Promise.resolve())}
        onClose={() => setWithdrawing(null)}
      >
        <p>{withdrawing ? WITHDRAW_EFFECT[withdrawing.kind] : null}</p>
        <p>You can agree again at any time.</p>
      </ConfirmDialog>
    </section>
  )
}
