import type { SessionView } from '@tessera/contracts'
import type { ReactNode } from 'react'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { ConsultPage } from './ConsultPage.tsx'

/** The consultation page (patient and clinician), or null for any other section. */
export function consultSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  if (section.slug === 'consult' && (area.id === 'patient' || area.id === 'clinician'))
    return <ConsultPage area={area} view={view} />
  return null
}
