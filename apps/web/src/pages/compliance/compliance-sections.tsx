import type { ReactNode } from 'react'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { RetentionPage } from '../retention/RetentionPage.tsx'
import { CompliancePage } from './CompliancePage.tsx'

/** The compliance centre (admin and privacy officer) and the retention queue, or null otherwise. */
export function complianceSection(area: Area, section: AreaSection): ReactNode {
  if (area.id === 'admin' && section.slug === 'compliance') return <CompliancePage area={area} />
  if (area.id === 'admin' && section.slug === 'retention') return <RetentionPage area={area} />
  return null
}
