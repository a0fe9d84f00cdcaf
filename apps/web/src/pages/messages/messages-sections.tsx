import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense, type ReactNode } from 'react'
import { Loading } from '../../components/Loading.tsx'
import type { Area, AreaSection } from '../../lib/areas.ts'
import { PatientMessagesPage } from './PatientMessagesPage.tsx'

// Staff page: fetched when opened, not with the patient's app shell.
const StaffInboxPage = lazy(() => import('./StaffInboxPage.tsx').then((m) => ({ default: m.StaffInboxPage })))

/** The sections the messaging module draws (AreaPage asks here), or null for anyone else's. */
export function messagesSection(area: Area, section: AreaSection, view: SessionView): ReactNode {
  if (area.id === 'patient' && section.slug === 'messages')
    return <PatientMessagesPage area={area} patientId={view.account.id} />
  if (area.id === 'clinician' && section.slug === 'inbox')
    return (
      <Suspense fallback={<Loading label="Loading the inbox…" />}>
        <StaffInboxPage area={area} accountId={view.account.id} role={view.account.role} />
      </Suspense>
    )
  return null
}
