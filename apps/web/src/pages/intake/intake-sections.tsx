import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense, type ReactNode } from 'react'
import { Loading } from '../../components/Loading.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { PatientIntakePage } from './PatientIntakePage.tsx'

// Staff pages are fetched when opened, not with the patient's app shell.
const ClinicianIntakePage = lazy(() =>
  import('./ClinicianIntakePage.tsx').then((m) => ({ default: m.ClinicianIntakePage })),
)
const AdminFormsPage = lazy(() => import('./AdminFormsPage.tsx').then((m) => ({ default: m.AdminFormsPage })))

/** The sections the intake module draws (AreaPage asks here), or null for anyone else's. */
export function intakeSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  if (area.id === 'patient' && section.slug === 'questionnaires')
    return <PatientIntakePage area={area} patientId={view.account.id} />
  if (area.id === 'clinician' && section.slug === 'intake')
    return (
      <Suspense fallback={<Loading label="Loading the intake page…" />}>
        <ClinicianIntakePage area={area} role={view.account.role} />
      </Suspense>
    )
  if (area.id === 'admin' && section.slug === 'forms')
    return (
      <Suspense fallback={<Loading label="Loading the forms page…" />}>
        <AdminFormsPage area={area} />
      </Suspense>
    )
  return null
}
