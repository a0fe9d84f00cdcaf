// What the authorisation matrix (access/authorization-matrix.int.test.ts) sends and expects: sample
// bodies that pass validation, multipart forms, the routes that reach another patient by design,
// and the routes that end the caller's own session. A new route with a body adds its sample here.
import { randomUUID } from 'node:crypto'
import type { Role } from '../identity/account-table.ts'
import { multipartBody } from '../vault/documents/document-test-kit.ts'
import { pdf } from '../vault/documents/test-files.ts'
import type { MatrixPeople } from './matrix-fixtures.ts'
import { PRESCRIBING_SAMPLE_BODIES } from '../prescribing/prescribing-matrix-samples.ts'
import { COMPLIANCE_SAMPLE_BODIES } from '../compliance/compliance-matrix-samples.ts'

export type Target = 'own' | 'other' | 'random'
export interface Ids {
  patientId: string
  /** A document of that patient (own: patient A's, other: patient B's). */
  documentId: string
  /** A message thread of that patient. */
  threadId: string
  /** An appointment of that patient (B's is with a clinician outside the matrix). */
  appointmentId: string
  sessionId: string
  userId: string
  any: string
}

/** Sample bodies that pass validation, so each request reaches the access checks and the handler. */
export const SAMPLE_BODIES: Record<string, (ids: Ids, people: MatrixPeople) => unknown> = {
  'POST /api/setup/admin': () => ({
    token: 'x'.repeat(43),
    email: 'n@test.example',
    displayName: 'N',
    password: 'correct horse battery staple 42',
  }),
  'POST /api/auth/sign-in': () => ({ email: 'nobody@test.example', password: 'not the password' }),
  // RFC 8032 test 1's Ed25519 public key: the first call registers it, later ones are a 409.
  'POST /api/consult/devices': () => ({
    publicKey: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
    label: 'Matrix',
  }),
  // The notes of a consultation: the first save, signing it, an amendment (consult-notes/).
  'PUT /api/consult/:appointmentId/note': () => ({ text: 'Matrix note', baseVersion: 0 }),
  'POST /api/consult/:appointmentId/note/sign': () => ({ baseVersion: 1 }),
  'POST /api/consult/:appointmentId/note/amendments': () => ({ text: 'Matrix amendment', reason: 'Matrix' }),
  // A guest the clinician invites into the consultation (consult/guest-routes.ts).
  'POST /api/consult/:appointmentId/guests': () => ({
    name: 'Matrix Guest',
    email: 'matrix.guest@test.example',
    kind: 'interpreter',
  }),
  'POST /api/auth/mfa/totp': () => ({ code: '000000' }),
  'POST /api/auth/mfa/email': () => ({ code: '000000' }),
  'POST /api/auth/mfa/recovery': () => ({ code: 'aaaa-bbbb-cccc' }),
  'POST /api/account/mfa/totp/confirm': () => ({ code: '000000' }),
  'POST /api/account/mfa/email/confirm': () => ({ code: '000000' }),
  'POST /api/care-team': (ids, people) => ({
    patientId: ids.patientId,
    clinicianId: people.byRole.clinician.id,
  }),
  'POST /api/break-glass': (ids) => ({
    patientId: ids.patientId,
    reason: 'Matrix test: urgent review of results',
  }),
  'POST /api/account/password': () => ({
    currentPassword: 'not the password',
    newPassword: 'another long passphrase 77',
  }),
  'POST /api/admin/invitations': () => ({
    email: `invitee-${randomUUID().slice(0, 8)}@test.example`,
    role: 'reception',
    prescriber: false,
    specialist: false,
  }),
  'PATCH /api/admin/users/:userId': () => ({ disabled: false }),
  'PUT /api/admin/settings/auth': () => ({ patientSelfRegistration: true, patientEmailCodeAllowed: true }),
  'POST /api/account/passkeys': () => ({ label: 'Matrix key', response: FAKE_REGISTRATION }),
  'POST /api/auth/passkey/step-up': () => ({ response: FAKE_ASSERTION }),
  'PATCH /api/alerts/:alertId': () => ({ status: 'acknowledged', note: 'Matrix test review' }),
  'POST /api/admin/smart-apps': () => ({
    name: 'Matrix app',
    type: 'public',
    redirectUris: ['https://app.example/callback'],
    scopes: ['patient/*.rs'],
  }),
  'POST /api/consents': () => ({ textId: randomUUID(), answer: 'accept' }),
  'POST /api/consents/withdraw': () => ({ kind: 'gp-sharing' }),
  'POST /api/admin/consent-texts': () => ({
    kind: 'gp-sharing',
    title: 'Matrix draft',
    body: 'A draft written by the authorisation matrix.',
  }),
  'PUT /api/admin/consent-texts/:textId': () => ({
    title: 'Matrix draft',
    body: 'A draft written by the authorisation matrix.',
  }),
  'POST /fhir/R4/:type': () => ({ resourceType: 'Observation' }),
  'PUT /fhir/R4/:type/:id': () => ({ resourceType: 'Observation' }),
  'POST /fhir/R4/:type/_search': () => ({}),
  'POST /api/intake/forms': () => ({
    resourceType: 'Questionnaire',
    url: `urn:test:questionnaire:matrix-${randomUUID()}`,
    version: '1',
    status: 'active',
    item: [{ linkId: 'q', text: 'Matrix question', type: 'string' }],
  }),
  'PUT /api/intake/required-forms': () => ({ urls: [] }),
  'PUT /api/intake/required-documents': () => ({ categories: ['identity', 'summary-of-care'] }),
  'POST /api/admin/appointment-types': () => APPOINTMENT_TYPE,
  'PUT /api/admin/appointment-types/:typeId': () => APPOINTMENT_TYPE,
  'PUT /api/scheduling/clinicians/:clinicianId/availability': () => ({
    timeZone: 'Europe/London',
    rules: [{ weekday: 1, start: '09:00', end: '17:00' }],
  }),
  'POST /api/scheduling/clinicians/:clinicianId/exceptions': () => ({
    kind: 'unavailable',
    startsAt: '2026-06-01T09:00:00Z',
    endsAt: '2026-06-02T09:00:00Z',
    label: 'Matrix leave',
  }),
  'POST /api/patients/:patientId/intake': () => ({ url: 'urn:tessera:questionnaire:phq-9' }),
  'PUT /api/patients/:patientId/intake/:responseId': () => INTAKE_ANSWERS,
  'POST /api/patients/:patientId/intake/:responseId/submit': () => INTAKE_ANSWERS,
  'POST /api/appointments': (ids) => ({
    typeId: ids.any,
    clinicianId: ids.any,
    start: '2026-06-01T09:00:00.000Z',
    patientId: ids.patientId,
  }),
  'POST /api/appointments/:appointmentId/reschedule': () => ({ start: '2026-06-01T09:00:00.000Z' }),
  'PUT /api/admin/reminder-settings': () => ({
    offsetsMinutes: [1440, 60],
    senderName: 'Matrix clinic',
    emailSubject: 'Appointment reminder',
    emailText: 'You have an appointment on {date} at {time} ({timeZone}). Sign in: {link}',
    smsText: 'Appointment {date} {time}. Sign in: {link}',
    smsEnabled: false,
  }),
  'PUT /api/admin/booking-policy': () => ({
    patientChangeCutoffHours: 24,
    requireBeforeBooking: { consent: true, intake: false, documents: false },
    requireBeforeJoining: { consent: true, intake: false, documents: false },
  }),
  'POST /api/messages/threads': () => ({
    topic: 'clinical',
    subject: 'Matrix subject',
    body: 'Matrix message',
  }),
  'POST /api/messages/threads/:threadId/messages': () => ({ body: 'Matrix reply' }),
  'PATCH /api/messages/threads/:threadId': () => ({ status: 'open' }),
  'POST /api/documents/:documentId/review': () => ({
    status: 'needs-reupload',
    reason: 'Matrix test: please upload a clearer copy',
  }),
  ...PRESCRIBING_SAMPLE_BODIES,
  ...COMPLIANCE_SAMPLE_BODIES,
}

/** Multipart routes (no JSON body schema): the form each request sends, so the upload really runs. */
export const SAMPLE_UPLOADS: Record<string, () => { payload: Buffer; contentType: string }> = {
  'POST /api/patients/:patientId/documents': () =>
    multipartBody({ data: pdf({ text: 'Matrix upload' }), filename: 'matrix.pdf' }),
}

const APPOINTMENT_TYPE = {
  name: 'Matrix consultation',
  durationMinutes: 30,
  bufferMinutes: 0,
  mode: 'video',
  audience: 'any',
  minNoticeMinutes: 0,
  horizonDays: 30,
  active: true,
}

const INTAKE_ANSWERS = {
  questionnaire: 'urn:tessera:questionnaire:phq-9|1',
  item: [],
  section: 0,
  version: 1,
}

/** Well-formed WebAuthn answers that no authenticator made: they must fail verification, not crash. */
const B64 = Buffer.from('matrix').toString('base64url')
const FAKE_REGISTRATION = {
  id: B64,
  rawId: B64,
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: B64, attestationObject: B64 },
}
const FAKE_ASSERTION = {
  id: B64,
  rawId: B64,
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: B64, authenticatorData: B64, signature: B64 },
}

/**
 * Routes whose success on another patient's id is the point of the route, for these roles:
 * break-glass exists to open a record outside the care team; reception assigns care teams and
 * sees every patient's demographics (scheduling, no clinical content).
 */
export const CROSS_PATIENT_BY_DESIGN: Record<string, readonly Role[]> = {
  'POST /api/break-glass': ['clinician'],
  'POST /api/care-team': ['reception', 'admin'],
  // Readiness is facts for scheduling (consent, intake done, documents verified), no answers.
  'GET /api/patients/:patientId/readiness': ['reception'],
  'GET /api/patients/:patientId': ['reception'],
  'GET /api/patients': ['reception'],
  'GET /api/patients/:patientId/consents': ['reception'],
  // The admin manages every account (a patient's can be disabled, not given a staff role).
  'PATCH /api/admin/users/:userId': ['admin'],
  // Audit search and export cover the whole clinic: who accessed which patient is the point.
  'GET /api/audit/events': ['admin', 'privacy-officer'],
  'GET /api/audit/export': ['admin', 'privacy-officer'],
  // Reception books, moves and cancels every patient's appointments (scheduling, no clinical content).
  'GET /api/appointments/:appointmentId': ['reception'],
  'GET /api/appointments/:appointmentId/calendar.ics': ['reception'],
  'POST /api/appointments/:appointmentId/reschedule': ['reception'],
  'POST /api/appointments/:appointmentId/cancel': ['reception'],
}

/** Routes that end or change the caller's own session or factors: run last, with a fresh session each. */
export const SELF_DESTRUCTIVE = new Set([
  'POST /api/auth/sign-out',
  'POST /api/account/sessions/sign-out-others',
  'POST /api/account/recovery-codes',
])
