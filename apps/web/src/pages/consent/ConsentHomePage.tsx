import { EmptyState } from '../../components/EmptyState.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { ConsentPrompt } from './ConsentPrompt.tsx'

export interface ConsentHomePageProps {
  area: Area
  section: AreaSection
}

/**
 * The patient's home until it has its own page: the consent prompt (shown right after sign-in,
 * JOURNEYS.md patient step 2), then the placeholder for what is still to come.
 */
export function ConsentHomePage({ area, section }: ConsentHomePageProps) {
  return (
    <>
      <PageHeader title={section.label} titleContext={area.label}>
        <p>{section.summary}</p>
      </PageHeader>
      <div className="stack">
        <ConsentPrompt consentsHref={`${area.basePath}/consents`} />
        <EmptyState title="Nothing else here yet">
          <p>Your appointments and messages will appear here.</p>
        </EmptyState>
      </div>
    </>
  )
}
