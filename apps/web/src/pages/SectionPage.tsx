import { EmptyState } from '../components/EmptyState.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import type { Area, AreaSection } from '../lib/areas.ts'

export interface SectionPageProps {
  area: Area
  section: AreaSection
}

/** A section that is not built yet: its title, what it will be for, and an empty state. */
export function SectionPage({ area, section }: SectionPageProps) {
  return (
    <>
      <PageHeader title={section.label} titleContext={area.label}>
        <p>{section.summary}</p>
      </PageHeader>
      <EmptyState title="Nothing here yet">
        <p>This part of the {area.label.toLowerCase()} is being built.</p>
      </EmptyState>
    </>
  )
}
