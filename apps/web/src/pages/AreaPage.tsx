import type { SessionView } from '@tessera/contracts'
import { lazy, Suspense } from 'react'
import { Redirect } from 'wouter'
import { AppLayout } from '../components/AppLayout.tsx'
import { Loading } from '../components/Loading.tsx'
import { RequireSession } from '../components/RequireSession.tsx'
import { sectionHref, visibleSections, type Area, type AreaSection } from '../lib/areas.ts'
import { useOutboxVisible } from '../lib/use-outbox-visible.ts'
import { AdminAlertsPage } from './admin/AdminAlertsPage.tsx'
import { AdminOutboxPage } from './admin/AdminOutboxPage.tsx'
import { AdminSettingsPage } from './admin/AdminSettingsPage.tsx'
import { AdminUsersPage } from './admin/AdminUsersPage.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { PrivacyPage } from './PrivacyPage.tsx'
import { SectionPage } from './SectionPage.tsx'
import { SecurityPage } from './SecurityPage.tsx'
import { AdminSmartAppsPage } from './smart/AdminSmartAppsPage.tsx'
import { PatientDocumentsPage } from './documents/PatientDocumentsPage.tsx'
import { consentSection } from './consent/consent-sections.tsx'
import { intakeSection } from './intake/intake-sections.tsx'
import { messagesSection } from './messages/messages-sections.tsx'
import { bookingSection } from './booking/booking-sections.tsx'
import { schedulingStaffSection } from './scheduling-staff/scheduling-staff-sections.tsx'
import { consultSection } from './consult/consult-sections.tsx'
import { prescribingSection } from './prescribing/prescribing-sections.tsx'
import { complianceSection } from './compliance/compliance-sections.tsx'

// Staff-only and heavier (a combobox, a table): fetched when opened, not with the app shell.
const AdminAuditPage = lazy(() =>
  import('./admin/AdminAuditPage.tsx').then((m) => ({ default: m.AdminAuditPage })),
)
// Clinician only; it pulls in pdf.js (itself a further lazy chunk) when a PDF is opened.
const ClinicianDocumentsPage = lazy(() =>
  import('./documents/ClinicianDocumentsPage.tsx').then((m) => ({ default: m.ClinicianDocumentsPage })),
)

export interface AreaPageProps {
  area: Area
  /** The path after the area's base, without the leading slash ('' for the area root). */
  rest: string
}

/** One signed-in area, behind the session gate: its navigation around the current section. */
export function AreaPage({ area, rest }: AreaPageProps) {
  return (
    <RequireSession roles={area.roles} areaLabel={area.label}>
      {(view) => <AreaContent area={area} rest={rest} view={view} />}
    </RequireSession>
  )
}

function SectionContent({ area, section, view }: { area: Area; section: AreaSection; view: SessionView }) {
  const consent = consentSection(area, section)
  if (consent) return consent
  const intake = intakeSection(area, section, view)
  if (intake) return intake
  const messages = messagesSection(area, section, view)
  if (messages) return messages
  const booking = bookingSection(area, section, view)
  if (booking) return booking
  const schedulingStaff = schedulingStaffSection(area, section, view)
  if (schedulingStaff) return schedulingStaff
  const consult = consultSection(area, section, view)
  if (consult) return consult
  const prescribing = prescribingSection(area, section, view)
  if (prescribing) return prescribing
  const compliance = complianceSection(area, section)
  if (compliance) return compliance
  if (section.slug === 'security') return <SecurityPage area={area} view={view} />
  if (area.id === 'admin' && section.slug === 'users') return <AdminUsersPage area={area} view={view} />
  if (area.id === 'admin' && section.slug === 'settings') return <AdminSettingsPage area={area} />
  if (area.id === 'admin' && section.slug === 'outbox') return <AdminOutboxPage area={area} />
  if (area.id === 'admin' && section.slug === 'apps') return <AdminSmartAppsPage area={area} />
  if (area.id === 'admin' && section.slug === 'alerts') return <AdminAlertsPage area={area} view={view} />
  if (area.id === 'admin' && section.slug === 'audit')
    return (
      <Suspense fallback={<Loading label="Loading the audit page…" />}>
        <AdminAuditPage area={area} />
      </Suspense>
    )
  if (area.id === 'patient' && section.slug === 'privacy') return <PrivacyPage area={area} />
  if (area.id === 'patient' && section.slug === 'documents')
    return <PatientDocumentsPage area={area} patientId={view.account.id} />
  if (area.id === 'clinician' && section.slug === 'documents')
    return (
      <Suspense fallback={<Loading label="Loading the documents page…" />}>
        <ClinicianDocumentsPage area={area} />
      </Suspense>
    )
  return <SectionPage area={area} section={section} />
}

function AreaContent({ area, rest, view }: AreaPageProps & { view: SessionView }) {
  const role = view.account.role
  const outbox = useOutboxVisible(area.id === 'admin' && role === 'admin')
  const sections = visibleSections(area, role, outbox)
  const home = sections[0] ?? area.sections[0]
  const slug = rest.replace(/\/+$/, '')
  if (slug === '') return <Redirect to={sectionHref(area, home)} replace />

  // The outbox link appears once the server confirmed it; its page also works when opened directly.
  const reachable = area.sections.filter((s) => s.needsOutbox || s.hidden)
  const section = [...sections, ...reachable].find((s) => s.slug === slug)
  const allowed = section && (!section.roles || section.roles.includes(role))
  const nav = {
    label: area.label,
    items: sections.map((s) => ({ href: sectionHref(area, s), label: s.label })),
  }
  return (
    <AppLayout areaLabel={area.label} nav={nav}>
      {section && allowed ? (
        <SectionContent area={area} section={section} view={view} />
      ) : (
        <NotFoundPage homeHref={sectionHref(area, home)} homeLabel={`Go to ${home.label}`} />
      )}
    </AppLayout>
  )
}
