import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense, type ReactNode } from 'react'
import { Loading } from '../../components/Loading.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { PatientPrescriptionsPage } from './PatientPrescriptionsPage.tsx'

// Staff pages: fetched when opened, not with the patient's app shell.
const PrescribePage = lazy(() => import('./PrescribePage.tsx').then((m) => ({ default: m.PrescribePage })))
const PrescriberQueuePage = lazy(() =>
  import('./PrescriberQueuePage.tsx').then((m) => ({ default: m.PrescriberQueuePage })),
)
const AdminCataloguePage = lazy(() =>
  import('./AdminCataloguePage.tsx').then((m) => ({ default: m.AdminCataloguePage })),
)
const PharmacyQueuePage = lazy(() =>
  import('../pharmacy/PharmacyQueuePage.tsx').then((m) => ({ default: m.PharmacyQueuePage })),
)
const ControlledDrugsPage = lazy(() =>
  import('../pharmacy/ControlledDrugsPage.tsx').then((m) => ({ default: m.ControlledDrugsPage })),
)

const later = (page: ReactNode) => <Suspense fallback={<Loading label="Loading…" />}>{page}</Suspense>

/** The sections prescribing and the pharmacy draw (AreaPage asks here), or null for anyone else's. */
export function prescribingSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  const role = view.account.role
  if (area.id === 'patient' && section.slug === 'prescriptions')
    return <PatientPrescriptionsPage area={area} />
  if (area.id === 'clinician' && section.slug === 'prescribe') return later(<PrescribePage area={area} />)
  if (area.id === 'clinician' && section.slug === 'queues' && role === 'clinician')
    return later(<PrescriberQueuePage area={area} />)
  if (area.id === 'clinician' && section.slug === 'pharmacy') return later(<PharmacyQueuePage area={area} />)
  if (area.id === 'clinician' && section.slug === 'controlled-drugs')
    return later(<ControlledDrugsPage area={area} />)
  if (area.id === 'admin' && section.slug === 'medicines') return later(<AdminCataloguePage area={area} />)
  return null
}
