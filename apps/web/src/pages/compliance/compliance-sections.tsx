import type { ReactNode } from 'react'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { CompliancePage } from './CompliancePage.tsx'

/** The compliance centre (admin and privacy officer), or null for any other section. */
export function complianceSection(area: Area, section: AreaSection): ReactNode {
  if (area.id === 'admin' && section.slug === 'compliance') return <CompliancePage area={area} />
  return null
}
