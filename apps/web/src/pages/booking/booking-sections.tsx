import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense, type ReactNode } from 'react'
import { Loading } from '../../components/Loading.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { PatientAppointmentsPage } from './PatientAppointmentsPage.tsx'

// The clinician's day list is fetched when opened, not with the patient's app shell.
const ClinicianTodayPage = lazy(() =>
  import('../today/ClinicianTodayPage.tsx').then((m) => ({ default: m.ClinicianTodayPage })),
)

/** The sections booking draws (AreaPage asks here), or null for anyone else's. */
export function bookingSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  if (area.id === 'patient' && section.slug === 'appointments') return <PatientAppointmentsPage area={area} />
  if (area.id === 'clinician' && section.slug === 'today' && view.account.role === 'clinician')
    return (
      <Suspense fallback={<Loading label="Loading your day…" />}>
        <ClinicianTodayPage area={area} clinicianId={view.account.id} />
      </Suspense>
    )
  return null
}
