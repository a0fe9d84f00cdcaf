import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense, type ReactNode } from 'react'
import { Loading } from '../../components/Loading.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'

// Staff pages, fetched when opened: none of this is in a patient's app shell.
const ReceptionCalendarPage = lazy(() =>
  import('./ReceptionCalendarPage.tsx').then((m) => ({ default: m.ReceptionCalendarPage })),
)
const AvailabilityPage = lazy(() =>
  import('./AvailabilityPage.tsx').then((m) => ({ default: m.AvailabilityPage })),
)
const AdminSchedulingPage = lazy(() =>
  import('./AdminSchedulingPage.tsx').then((m) => ({ default: m.AdminSchedulingPage })),
)

function lazyPage(label: string, page: ReactNode): ReactNode {
  return <Suspense fallback={<Loading label={label} />}>{page}</Suspense>
}

/** The staff scheduling sections (AreaPage asks here), or null for anyone else's. */
export function schedulingStaffSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  if (area.id === 'clinician' && section.slug === 'calendar')
    return lazyPage('Loading the calendar…', <ReceptionCalendarPage area={area} />)
  if (section.slug === 'availability' && (area.id === 'clinician' || area.id === 'admin'))
    return lazyPage(
      'Loading availability…',
      <AvailabilityPage area={area} role={view.account.role} accountId={view.account.id} />,
    )
  if (area.id === 'admin' && section.slug === 'scheduling')
    return lazyPage('Loading the scheduling settings…', <AdminSchedulingPage area={area} />)
  return null
}
