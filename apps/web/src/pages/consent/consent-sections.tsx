import type { ReactNode } from 'react'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { AdminConsentsPage } from './AdminConsentsPage.tsx'
import { ConsentHomePage } from './ConsentHomePage.tsx'
import { PatientConsentsPage } from './PatientConsentsPage.tsx'

/** The sections the consent module draws (AreaPage asks here first), or null for anyone else's. */
export function consentSection(area: Area, section: AreaSection): ReactNode {
  if (area.id === 'patient' && section.slug === 'consents') return <PatientConsentsPage area={area} />
  if (area.id === 'patient' && section.slug === 'home')
    return <ConsentHomePage area={area} section={section} />
  if (area.id === 'admin' && section.slug === 'consents') return <AdminConsentsPage area={area} />
  return null
}
