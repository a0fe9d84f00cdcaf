import { Link } from 'wouter'
import { PageHeader } from '../components/PageHeader.tsx'
import type { Area } from '../lib/areas.ts'
import { AccessLogSection } from './privacy/AccessLogSection.tsx'
import './privacy/privacy.css'

export interface PrivacyPageProps {
  area: Area
}

/** The patient's privacy centre: who viewed their record and why (JOURNEYS.md patient step 9). */
export function PrivacyPage({ area }: PrivacyPageProps) {
  return (
    <>
      <PageHeader title="Privacy" titleContext={area.label}>
        <p>See who looked at your record and why.</p>
      </PageHeader>
      <div className="stack">
        <AccessLogSection />
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
