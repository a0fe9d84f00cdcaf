import type { PatientConsentItem, PatientConsents } from '@tessera/contracts'
import { useState } from 'react'
import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { ConsentReviewCard } from './ConsentReviewCard.tsx'
import './consent.css'

export interface PatientConsentsPageProps {
  area: Area
}

type Published = PatientConsentItem & { text: NonNullable<PatientConsentItem['text']> }

/** The clinic's consent texts to read and answer; those waiting for an answer come first. */
export function PatientConsentsPage({ area }: PatientConsentsPageProps) {
  const [data, reload] = useApiData(consentApi.mine)
  const [answered, setAnswered] = useState<{ consents: PatientConsents; message: string } | null>(null)
  const consents = answered?.consents ?? (data.status === 'ready' ? data.data : null)
  const items = (consents?.items ?? []).filter((i): i is Published => i.text !== null)
  const waiting = items.filter((i) => i.needsAnswer)
  // Waiting ones first, in the order of the first load: answering one does not move the cards.
  const first = data.status === 'ready' ? data.data.items : (consents?.items ?? [])
  const rank = (i: PatientConsentItem) => {
    const at = first.findIndex((f) => f.kind === i.kind)
    return (first[at]?.needsAnswer ? 0 : 10) + at
  }
  const ordered = [...items].sort((a, b) => rank(a) - rank(b))

  return (
    <>
      <PageHeader title="Consents" titleContext={area.label}>
        <p>Read what you are agreeing to. You can change your mind at any time on the Privacy page.</p>
      </PageHeader>
      <Alert tone="success">{answered?.message}</Alert>
      {data.status === 'loading' && !answered ? <Loading label="Loading your consents…" /> : null}
      {data.status === 'error' && !answered ? (
        <>
          <Alert tone="error" title="We could not load your consents">
            {data.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {consents ? (
        <>
          <p className="consent-summary">
            {waiting.length === 0
              ? 'You have answered everything. Thank you.'
              : waiting.length === 1
                ? '1 text is waiting for your answer.'
                : `${waiting.length} texts are waiting for your answer.`}
          </p>
          {items.length === 0 ? <p>The clinic has not published any consent texts yet.</p> : null}
          <div className="stack">
            {ordered.map((item) => (
              <ConsentReviewCard
                key={`${item.kind}-${item.text.version}`}
                item={item}
                privacyHref={`${area.basePath}/privacy`}
                onAnswered={(next, message) => setAnswered({ consents: next, message })}
              />
            ))}
          </div>
        </>
      ) : null}
    </>
  )
}
