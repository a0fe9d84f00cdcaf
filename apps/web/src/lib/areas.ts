// The three signed-in areas and their sections. Paths carry no identifiers (no PHI in URLs).
import type { Role } from '@tessera/contracts'

export type AreaId = 'patient' | 'clinician' | 'admin'

export interface AreaSection {
  /** Path segment under the area, e.g. `appointments` -> /patient/appointments. */
  readonly slug: string
  readonly label: string
  /** One sentence saying what the section is for; shown until the section is built. */
  readonly summary: string
  /** Only these roles see the section in the navigation (the server still decides access). */
  readonly roles?: readonly Role[]
  /** Shown only while the server has no SMTP relay and keeps mail in its development outbox. */
  readonly needsOutbox?: boolean
  /** Reached from another page (e.g. "Join" on an appointment), never listed in the navigation. */
  readonly hidden?: boolean
}

export interface Area {
  readonly id: AreaId
  readonly basePath: `/${AreaId}`
  readonly label: string
  /** Roles that work in this area; anyone else is sent to their own area. */
  readonly roles: readonly Role[]
  /** The first section is the area's home: the area root redirects there. */
  readonly sections: readonly [AreaSection, ...AreaSection[]]
}

const SECURITY: AreaSection = {
  slug: 'security',
  label: 'Security',
  summary: 'Your devices and sessions, how you sign in, and your password.',
}

export const PATIENT_AREA: Area = {
  id: 'patient',
  basePath: '/patient',
  label: 'Patient portal',
  roles: ['patient'],
  sections: [
    {
      slug: 'home',
      label: 'Home',
      summary: 'Your next appointment, new messages and anything waiting for you.',
    },
    {
      slug: 'appointments',
      label: 'Appointments',
      summary: 'Book a time that suits you, in your own time zone, and reschedule or cancel.',
    },
    {
      slug: 'questionnaires',
      label: 'Questionnaires',
      summary:
        "The clinic's health questionnaires: fill them in a section at a time, stop and carry on later.",
    },
    {
      slug: 'documents',
      label: 'Documents',
      summary: 'Upload your ID and care summaries from your phone, and see when the clinic has checked them.',
    },
    { slug: 'messages', label: 'Messages', summary: 'Secure messages with your care team.' },
    {
      slug: 'consult',
      label: 'Video consultation',
      summary: 'Your video consultation: the waiting room, then the call.',
      hidden: true,
    },
    {
      slug: 'prescriptions',
      label: 'Prescriptions',
      summary: 'Follow each prescription from signed to dispensed, and ask for a repeat.',
    },
    {
      slug: 'consents',
      label: 'Consents',
      summary: 'Read what you agree to: the privacy notice, video consultations and sharing with your GP.',
    },
    {
      slug: 'privacy',
      label: 'Privacy',
      summary:
        'See who viewed your record and why, manage your consents and devices, and download your data.',
    },
    SECURITY,
  ],
}

export const CLINICIAN_AREA: Area = {
  id: 'clinician',
  basePath: '/clinician',
  label: 'Clinician workspace',
  roles: ['clinician', 'pharmacist', 'reception'],
  sections: [
    {
      slug: 'pharmacy',
      label: 'Pharmacy queue',
      summary: 'Prescriptions sent to your pharmacy: claim, check, dispense, hand over.',
      roles: ['pharmacist'],
    },
    {
      slug: 'controlled-drugs',
      label: 'CD register',
      summary: 'The controlled-drug register: every Schedule 2 supply by your pharmacy.',
      roles: ['pharmacist'],
    },
    {
      slug: 'today',
      label: 'Today',
      summary: "Today's appointments and who is waiting now.",
      roles: ['clinician'],
    },
    {
      slug: 'calendar',
      label: 'Calendar',
      summary: "Every clinician's day and week: book, reschedule and cancel for patients.",
      roles: ['reception'],
    },
    {
      slug: 'availability',
      label: 'Availability',
      summary: 'Weekly hours, leave and extra sessions.',
      roles: ['clinician', 'reception'],
    },
    { slug: 'patients', label: 'Patients', summary: 'Charts for the patients in your care team.' },
    {
      slug: 'intake',
      label: 'Intake',
      summary: 'Whether each patient is ready: consent, questionnaires and documents; and their answers.',
      roles: ['clinician', 'reception'],
    },
    {
      slug: 'documents',
      label: 'Documents',
      summary: 'Documents your patients uploaded: preview, verify, or ask for a new copy.',
      roles: ['clinician'],
    },
    {
      slug: 'inbox',
      label: 'Inbox',
      summary: "Patients' secure messages: triage, assign, reply, internal notes.",
      roles: ['clinician', 'reception'],
    },
    {
      slug: 'consult',
      label: 'Video consultation',
      summary: 'The video consultation with its notes.',
      roles: ['clinician'],
      hidden: true,
    },
    {
      slug: 'prescribe',
      label: 'Prescribe',
      summary: 'Write and sign prescriptions, checked by the prescribing rules as you type.',
      roles: ['clinician'],
    },
    { slug: 'queues', label: 'Queues', summary: 'Repeat requests, messages and documents to verify.' },
    SECURITY,
  ],
}

export const ADMIN_AREA: Area = {
  id: 'admin',
  basePath: '/admin',
  label: 'Clinic administration',
  roles: ['admin', 'privacy-officer'],
  sections: [
    { slug: 'users', label: 'Users', summary: 'Invite staff and set their roles.', roles: ['admin'] },
    {
      slug: 'settings',
      label: 'Clinic settings',
      summary: 'Appointment types, opening hours, reminder texts, sign-in factors and retention.',
      roles: ['admin'],
    },
    {
      slug: 'scheduling',
      label: 'Scheduling',
      summary: 'Appointment types, the booking policy and reminder texts.',
      roles: ['admin'],
    },
    {
      slug: 'availability',
      label: 'Availability',
      summary: "Each clinician's weekly hours, leave and extra sessions.",
      roles: ['admin'],
    },
    {
      slug: 'consents',
      label: 'Consent texts',
      summary: 'The privacy notice and consents patients are asked to agree to, with every version kept.',
      roles: ['admin'],
    },
    {
      slug: 'forms',
      label: 'Intake forms',
      summary:
        'The questionnaires patients fill in: import new ones and new versions, choose the required ones.',
      roles: ['admin'],
    },
    {
      slug: 'apps',
      label: 'Apps',
      summary: "Outside apps that may read records with a person's permission (SMART on FHIR).",
      roles: ['admin'],
    },
    {
      slug: 'medicines',
      label: 'Medicines',
      summary: 'The medicines catalogue clinicians prescribe from: add and retire products.',
      roles: ['admin'],
    },
    { slug: 'alerts', label: 'Alerts', summary: 'Possible misuse of patient records, to review.' },
    {
      slug: 'compliance',
      label: 'Compliance',
      summary: 'Live evidence for MFA, encryption, audit, backups and where data goes.',
    },
    { slug: 'audit', label: 'Audit', summary: 'Search who accessed which record, and when.' },
    {
      slug: 'retention',
      label: 'Retention',
      summary: 'Records past their retention period, waiting for your decision to erase them.',
      roles: ['privacy-officer'],
    },
    {
      slug: 'outbox',
      label: 'Outbox',
      summary: 'Mail the clinic would have sent, kept here because no mail server is configured.',
      roles: ['admin'],
      needsOutbox: true,
    },
    SECURITY,
  ],
}

export const AREAS: readonly Area[] = [PATIENT_AREA, CLINICIAN_AREA, ADMIN_AREA]

/** The sections this role sees, in navigation order (the first is their home in the area). */
export function visibleSections(area: Area, role: Role, outbox: boolean): AreaSection[] {
  return area.sections.filter(
    (section) =>
      !section.hidden && (!section.roles || section.roles.includes(role)) && (!section.needsOutbox || outbox),
  )
}

export function sectionHref(area: Area, section: AreaSection): string {
  return `${area.basePath}/${section.slug}`
}
