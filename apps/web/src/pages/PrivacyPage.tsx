import { Link } from 'wouter'
import { PageHeader } from '../components/PageHeader.tsx'
import type { Area } from '../lib/areas.ts'
import { AccessLogSection } from './privacy/AccessLogSection.tsx'
import { ConnectedAppsSection } from './smart/ConnectedAppsSection.tsx'
import { RecordDownloadSection } from './privacy/RecordDownloadSection.tsx'
import { useSession } from '../lib/session.tsx'
import { PrivacyConsentsSection } from './consent/PrivacyConsentsSection.tsx'
import './privacy/privacy.css'

export interface PrivacyPageProps {
  area: Area
}

/** The patient's privacy centre: who viewed their record and why, their consents (JOURNEYS.md patient step 9). */
export function PrivacyPage({ area }: PrivacyPageProps) {
  const { state } = useSession()
  const account = state.status === 'active' ? state.view.account : null
  return (
    <>
      <PageHeader title="Privacy" titleContext={area.label}>
        <p>See who looked at your record and why, manage your consents, and take a copy of your record.</p>
      </PageHeader>
      <div className="stack">
        <AccessLogSection />
        {account?.role === 'patient' ? (
          <PrivacyConsentsSection consentsHref={`${area.basePath}/consents`} />
        ) : null}
        <ConnectedAppsSection />
        {account?.role === 'patient' ? <RecordDownloadSection patientId={account.id} /> : null}
        <section className="card" aria-labelledby="privacy-devices-title">
          <h2 id="privacy-devices-title" className="section-title">
            Your devices and sessions
          </h2>
          <p>
            See where you are signed in and sign out of other devices on the{' '}
            <Link href={`${area.basePath}/security`}>Security page</Link>.
          </p>
        </section>
      </div>
    </>
  )
}
