import { useCallback, useState } from 'react'
import { PageHeader } from '../components/PageHeader.tsx'
import type { Area } from '../lib/areas.ts'
import { AccessLogSection } from './privacy/AccessLogSection.tsx'
import { ConnectedAppsSection } from './smart/ConnectedAppsSection.tsx'
import { ProtectionSection } from './privacy/ProtectionSection.tsx'
import { RecordDownloadSection } from './privacy/RecordDownloadSection.tsx'
import { SessionsCard } from './security/SessionsCard.tsx'
import { useSession } from '../lib/session.tsx'
import { PrivacyConsentsSection } from './consent/PrivacyConsentsSection.tsx'
import './privacy/privacy.css'

export interface PrivacyPageProps {
  area: Area
}

/**
 * The patient's privacy centre (JOURNEYS.md patient step 9), in one place: who viewed their record
 * and why, their consents, connected apps, devices and sessions, a download of all their data, and
 * how it is protected.
 */
export function PrivacyPage({ area }: PrivacyPageProps) {
  const { state } = useSession()
  const account = state.status === 'active' ? state.view.account : null
  const isPatient = account?.role === 'patient'
  const [downloads, setDownloads] = useState(0)
  const downloaded = useCallback(() => setDownloads((n) => n + 1), [])
  return (
    <>
      <PageHeader title="Privacy" titleContext={area.label}>
        <p>
          See who looked at your record and why, manage your consents and devices, download all your data, and
          read how it is protected.
        </p>
      </PageHeader>
      <div className="stack">
        <AccessLogSection downloadsKey={downloads} />
        {isPatient ? <PrivacyConsentsSection consentsHref={`${area.basePath}/consents`} /> : null}
        <ConnectedAppsSection />
        <SessionsCard />
        {isPatient ? <RecordDownloadSection onDownloaded={downloaded} /> : null}
        <ProtectionSection securityHref={`${area.basePath}/security`} />
      </div>
    </>
  )
}
