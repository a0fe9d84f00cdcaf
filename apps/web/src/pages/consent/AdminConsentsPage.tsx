import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { AdminConsentKindCard } from './AdminConsentKindCard.tsx'
import './consent.css'

export interface AdminConsentsPageProps {
  area: Area
}

/** The clinic admin's consent texts: one card per kind, with its versions and its draft. */
export function AdminConsentsPage({ area }: AdminConsentsPageProps) {
  const [texts, reload] = useApiData(consentApi.texts)
  return (
    <>
      <PageHeader title="Consent texts" titleContext={area.label}>
        <p>What patients are asked to agree to. Publishing a new version asks everyone again.</p>
      </PageHeader>
      {texts.status === 'loading' ? <Loading label="Loading the consent texts…" /> : null}
      {texts.status === 'error' ? (
        <>
          <Alert tone="error" title="We could not load the consent texts">
            {texts.message}
          </Alert>
          <Button variant="secondary" onPress={reload}>
            Try again
          </Button>
        </>
      ) : null}
      {texts.status === 'ready' ? (
        <div className="stack">
          {texts.data.kinds.map((kind) => (
            <AdminConsentKindCard key={kind.kind} kind={kind} onChanged={reload} />
          ))}
        </div>
      ) : null}
    </>
  )
}
