// The prescribing loop over HTTP as each person sees it: the rules as the clinician types and on
// signing, step-up (S17), the routed Task, the pharmacy queue (own pharmacy only), dispensing with
// batch and expiry, the controlled-drug register, the patient's timeline and repeat requests, the
// FHIR API's access rules and 405s, and the audit trail.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { PharmacyTaskView, PrescriptionView, RuleFindings } from '@tessera/contracts'
import {
  drainJobs,
  draftBody,
  OIL_DETAILS,
  prescribingTest,
  SERTRALINE_DETAILS,
  type PrescribingTest,
  type Reply,
} from './prescribing-test-kit.ts'

let k: PrescribingTest
before(async () => {
  k = await prescribingTest()
})
after(() => k?.close())

const view = (r: Reply) => r.json as unknown as PrescriptionView
const task = (r: Reply) => r.json as unknown as PharmacyTaskView
const paths = (r: Reply) =>
  ((r.json['error'] as { details?: Array<{ path: string; message: string }> }).details ?? []).map(
    (d) => `${d.path}:${d.message}`,
  )

async function auditActions(patientId: string): Promise<string[]> {
  const rows = await k.t.ctx.db
    .selectFrom('audit_event')
    .select(['action'])
    .where('patient_id', '=', patientId)
    .execute()
  return rows.map((r) => r.action)
}

let signedId = ''
let taskId = ''

test('the catalogue: clinicians read the active list; admin creates, updates, retires; FHIR Medication mirrors it and refuses writes', async () => {
  const list = await k.call('prescriber', 'GET', '/api/medications')
  assert.equal(list.status, 200, list.body)
  assert.equal((list.json['medications'] as unknown[]).length, 7)
  assert.equal((await k.call('patient', 'GET', '/api/medications')).status, 403)

  const bad = await k.call('admin', 'POST', '/api/admin/medications', {
    name: 'Oil',
    kind: 'cbpm',
    form: 'oil',
    strength: '5 mg/ml',
    therapeuticGroup: 'cannabinoid',
    ingredients: ['cannabis'],
    unit: 'ml',
  })
  assert.equal(bad.status, 400)
  assert.deepEqual(paths(bad), ['body/thcContent:required for cbpm'])
  const extra = await k.call('admin', 'POST', '/api/admin/medications', {
    name: 'X',
    kind: 'licensed',
    form: 'tablet',
    strength: '1 mg',
    therapeuticGroup: 'x',
    ingredients: ['x'],
    unit: 'tablet',
    colour: 'red',
  })
  assert.equal(extra.status, 400)
  const made = await k.call('admin', 'POST', '/api/admin/medications', {
    name: 'Pregabalin',
    kind: 'licensed',
    form: 'capsule',
    strength: '75 mg',
    cdSchedule: 3,
    therapeuticGroup: 'gabapentinoid',
    ingredients: ['pregabalin'],
    unit: 'capsule',
  })
  assert.equal(made.status, 201, made.body)
  const id = String(made.json['id'])
  const fhir = await k.call('patient', 'GET', `/fhir/R4/Medication/${id}`)
  assert.equal(fhir.status, 200, fhir.body)
  assert.equal(fhir.json['status'], 'active')
  assert.match(JSON.stringify(fhir.json['extension']), /cd-schedule.*3/)
  const retired = await k.call('admin', 'POST', `/api/admin/medications/${id}/retire`)
  assert.equal(retired.json['active'], false)
  assert.equal((await k.call('prescriber', 'GET', `/fhir/R4/Medication/${id}`)).json['status'], 'inactive')
  const write = await k.call('admin', 'PUT', `/fhir/R4/Medication/${id}`, {
    resourceType: 'Medication',
    id,
    status: 'active',
  })
  assert.equal(write.status, 405, write.body)
  const create = await k.call('prescriber', 'POST', '/fhir/R4/Medication', {
    resourceType: 'Medication',
    status: 'active',
  })
  assert.equal(create.status, 405, create.body)
})

test('pharmacies: admin manages them and their pharmacists; only pharmacist accounts can join', async () => {
  const list = await k.call('admin', 'GET', '/api/admin/pharmacies')
  assert.equal(list.status, 200)
  const riverside = (
    list.json['pharmacies'] as Array<{ id: string; members: Array<{ accountId: string }> }>
  ).find((p) => p.id === k.pharmacy)!
  assert.deepEqual(
    riverside.members.map((m) => m.accountId),
    [k.people.pharmacist.id],
  )
  const wrong = await k.call('admin', 'POST', `/api/admin/pharmacies/${k.pharmacy}/members`, {
    accountId: k.people.prescriber.id,
  })
  assert.equal(wrong.status, 400)
  assert.deepEqual(paths(wrong), ['body/accountId:not a pharmacist'])
  assert.equal(
    (await k.call('pharmacist', 'POST', '/api/admin/pharmacies', { name: 'x', address: 'y' })).status,
    403,
  )
})

test('check as the clinician types: findings per rule; errors block, warnings need acknowledging', async () => {
  const empty = await k.call('prescriber', 'POST', '/api/prescriptions/check', {
    patientId: k.people.patient.id,
  })
  assert.equal(empty.status, 200, empty.body)
  const e = empty.json as unknown as RuleFindings
  assert.equal(e.signable, false)
  assert.deepEqual(
    e.findings.map((f) => f.rule),
    ['complete'],
  )

  const oil = await k.call('prescriber', 'POST', '/api/prescriptions/check', {
    ...draftBody(k, 'Cannabis oil (T10:C10)', { ...OIL_DETAILS, quantityWords: 'twenty', daysSupply: 31 }),
  })
  assert.deepEqual(
    (oil.json as unknown as RuleFindings).findings.map((f) => f.rule),
    ['cd-max-30-days', 'cd-words-match-figures'],
  )

  const notPrescriber = await k.call(
    'nonPrescriber',
    'POST',
    '/api/prescriptions/check',
    draftBody(k, 'Cannabis oil (T10:C10)', OIL_DETAILS),
  )
  assert.deepEqual(
    (notPrescriber.json as unknown as RuleFindings).findings.map((f) => f.rule),
    ['prescriber-flag', 'cbpm-specialist'],
  )

  // Another clinician's patient (not on the care team) is "not found".
  await k.t.ctx.db
    .deleteFrom('care_team')
    .where('clinician_id', '=', k.people.nonPrescriber.id)
    .where('patient_id', '=', k.people.otherPatient.id)
    .execute()
  const outside = await k.call(
    'nonPrescriber',
    'POST',
    '/api/prescriptions/check',
    draftBody(k, 'Sertraline', SERTRALINE_DETAILS, 'otherPatient'),
  )
  assert.equal(outside.status, 404)
  assert.equal(
    (await k.call('pharmacist', 'POST', '/api/prescriptions/check', { patientId: k.people.patient.id }))
      .status,
    403,
  )
})

test('draft, then sign: step-up within 5 minutes (S17), rules again on the server, then active and routed', async () => {
  const bad = await k.call('prescriber', 'POST', '/api/prescriptions', {
    ...draftBody(k, 'Sertraline', SERTRALINE_DETAILS),
    pharmacyId: '00000000-0000-4000-8000-000000000000',
  })
  assert.equal(bad.status, 400)
  assert.deepEqual(paths(bad), ['body/pharmacyId:unknown or inactive'])

  const draft = await k.call(
    'prescriber',
    'POST',
    '/api/prescriptions',
    draftBody(k, 'Cannabis oil (T10:C10)', { ...OIL_DETAILS, quantityWords: 'twenty' }),
  )
  assert.equal(draft.status, 201, draft.body)
  const id = view(draft).id
  assert.equal(view(draft).status, 'draft')
  assert.equal(
    (await k.call('patient', 'GET', `/api/prescriptions/${id}`)).status,
    404,
    'patients never see drafts',
  )

  const blocked = await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })
  assert.equal(blocked.status, 409, blocked.body)
  assert.deepEqual(paths(blocked), ['details/quantityWords:cd-words-match-figures'])

  const fixed = await k.call(
    'prescriber',
    'PUT',
    `/api/prescriptions/${id}`,
    draftBody(k, 'Cannabis oil (T10:C10)', OIL_DETAILS),
  )
  assert.equal(fixed.status, 200, fixed.body)

  k.t.clock.advance(6 * 60_000)
  const stale = await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })
  assert.equal(stale.status, 403, stale.body)
  assert.match(stale.body, /step-up-required/)
  await k.fresh()

  const signed = await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })
  assert.equal(signed.status, 200, signed.body)
  assert.equal(view(signed).status, 'active')
  const signedAt = new Date(view(signed).signedAt!)
  assert.equal(
    new Date(view(signed).validUntil!).getTime() - signedAt.getTime(),
    28 * 86_400_000,
    'Schedule 2: valid 28 days',
  )
  assert.equal(
    (
      await k.call(
        'prescriber',
        'PUT',
        `/api/prescriptions/${id}`,
        draftBody(k, 'Cannabis oil (T10:C10)', OIL_DETAILS),
      )
    ).status,
    409,
  )
  signedId = id

  // The outbox row was committed with the signature; the worker turns it into the Task.
  const job = await k.t.ctx.db
    .selectFrom('job')
    .select(['state'])
    .where('queue', '=', 'prescribing.route')
    .where('dedupe_key', '=', id)
    .executeTakeFirstOrThrow()
  assert.equal(job.state, 'pending')
  await drainJobs(k)
  const row = await k.t.ctx.db
    .selectFrom('pharmacy_task')
    .selectAll()
    .where('prescription_id', '=', id)
    .executeTakeFirstOrThrow()
  assert.equal(row.state, 'ready')
  taskId = row.id
  await k.t.deliverMail()
  const mail = k.t.outbox.list().map((m) => `${m.subject}\n${m.text}`)
  assert.ok(
    mail.every((m) => !/cannabis|oil|Riverside|tester/i.test(m)),
    'notices say only that something changed',
  )
})

test('warnings must be acknowledged by id: duplicate therapy', async () => {
  const draft = await k.call(
    'prescriber',
    'POST',
    '/api/prescriptions',
    draftBody(k, 'Cannabis flower (T18)', {
      ...OIL_DETAILS,
      quantity: 10,
      quantityWords: 'ten',
      route: 'inhalation',
    }),
  )
  const id = view(draft).id
  const first = await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })
  assert.equal(first.status, 409)
  assert.deepEqual(paths(first), ['body/acknowledge:duplicate-therapy'])
  const discarded = await k.call('prescriber', 'DELETE', `/api/prescriptions/${id}`)
  assert.equal(view(discarded).status, 'cancelled')
})

test('the pharmacy queue: own pharmacy only (others 404); claim, check, dispense with batch and expiry; CD register', async () => {
  const mine = await k.call('pharmacist', 'GET', '/api/pharmacy/tasks')
  assert.equal(mine.status, 200, mine.body)
  const tasks = mine.json['tasks'] as PharmacyTaskView[]
  assert.deepEqual(
    tasks.map((t) => t.id),
    [taskId],
  )
  assert.equal(tasks[0]!.prescription.details.quantityWords, 'thirty millilitres')
  assert.deepEqual((await k.call('otherPharmacist', 'GET', '/api/pharmacy/tasks')).json['tasks'], [])
  for (const step of ['claim', 'check'])
    assert.equal(
      (await k.call('otherPharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/${step}`)).status,
      404,
    )
  assert.equal((await k.call('otherPharmacist', 'GET', `/api/pharmacy/tasks/${taskId}`)).status, 404)

  assert.equal(
    (await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/check`)).status,
    409,
    'claim first',
  )
  assert.equal(
    task(await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/claim`)).state,
    'claimed',
  )
  assert.equal(
    task(await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/check`)).state,
    'checked',
  )
  const expired = await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/dispense`, {
    batch: 'B-1',
    expiry: '2020-01-01',
  })
  assert.equal(expired.status, 400)
  assert.deepEqual(paths(expired), ['body/expiry:not after today'])
  const dispensed = await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/dispense`, {
    batch: 'OIL-2026-07',
    expiry: '2027-06-30',
  })
  assert.equal(dispensed.status, 200, dispensed.body)
  assert.equal(task(dispensed).state, 'dispensed')
  assert.deepEqual(task(dispensed).dispense, {
    id: task(dispensed).dispense!.id,
    batch: 'OIL-2026-07',
    expiry: '2027-06-30',
  })
  assert.equal(
    task(await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${taskId}/handover`, { method: 'shipped' }))
      .state,
    'shipped',
  )

  const register = await k.call('pharmacist', 'GET', '/api/pharmacy/controlled-drugs')
  assert.equal(register.status, 200, register.body)
  const entries = register.json['entries'] as Array<Record<string, unknown>>
  assert.equal(entries.length, 1)
  assert.equal(entries[0]!['batch'], 'OIL-2026-07')
  assert.equal(entries[0]!['quantity'], 30)
  assert.equal(entries[0]!['cdSchedule'], 2)
  assert.deepEqual(
    (await k.call('otherPharmacist', 'GET', '/api/pharmacy/controlled-drugs')).json['entries'],
    [],
  )
})

test('FHIR: the pharmacist sees only their pharmacy’s Tasks and the requests they reference; the patient their own; writes are 405', async () => {
  const own = await k.call('pharmacist', 'GET', `/fhir/R4/Task/${taskId}`)
  assert.equal(own.status, 200, own.body)
  assert.equal(own.json['status'], 'completed')
  assert.deepEqual(own.json['focus'], { reference: `MedicationRequest/${signedId}` })
  assert.equal((await k.call('pharmacist', 'GET', `/fhir/R4/MedicationRequest/${signedId}`)).status, 200)
  assert.equal((await k.call('otherPharmacist', 'GET', `/fhir/R4/Task/${taskId}`)).status, 404)
  assert.equal((await k.call('otherPharmacist', 'GET', `/fhir/R4/MedicationRequest/${signedId}`)).status, 404)
  const search = await k.call('otherPharmacist', 'GET', '/fhir/R4/Task')
  assert.equal(search.status, 200)
  assert.equal(search.json['total'] ?? (search.json['entry'] as unknown[] | undefined)?.length ?? 0, 0)
  assert.equal(
    (await k.call('pharmacist', 'GET', `/fhir/R4/Patient/${k.people.patient.id}`)).status,
    403,
    'no patient record for pharmacists',
  )

  const request = await k.call('patient', 'GET', `/fhir/R4/MedicationRequest/${signedId}`)
  assert.equal(request.status, 200)
  assert.equal(request.json['status'], 'completed')
  assert.equal(
    (request.json['dispenseRequest'] as { quantity: { extension: Array<{ valueString: string }> } }).quantity
      .extension[0]!.valueString,
    'thirty millilitres',
  )
  assert.equal((await k.call('otherPatient', 'GET', `/fhir/R4/MedicationRequest/${signedId}`)).status, 404)
  const dispenses = await k.call(
    'patient',
    'GET',
    `/fhir/R4/MedicationDispense?prescription=MedicationRequest/${signedId}`,
  )
  assert.equal(dispenses.status, 200, dispenses.body)
  assert.equal((dispenses.json['entry'] as unknown[]).length, 1)

  for (const [type, id] of [
    ['MedicationRequest', signedId],
    ['Task', taskId],
  ] as const) {
    const put = await k.call('prescriber', 'PUT', `/fhir/R4/${type}/${id}`, {
      resourceType: type,
      id,
      status: 'cancelled',
    })
    assert.equal(put.status, 405, `${type}: ${put.body}`)
  }
  const post = await k.call('prescriber', 'POST', '/fhir/R4/MedicationRequest', {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${k.people.patient.id}` },
    medicationCodeableConcept: { text: 'x' },
  })
  assert.equal(post.status, 405)
})

test('the patient: timeline, request a repeat (or a review), clinician approves with step-up; the repeat reaches the pharmacy', async () => {
  // Sertraline with repeats, signed and dispensed.
  await k.fresh()
  const d = await k.call(
    'prescriber',
    'POST',
    '/api/prescriptions',
    draftBody(k, 'Sertraline', SERTRALINE_DETAILS),
  )
  const id = view(d).id
  assert.equal(
    (await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })).status,
    200,
  )
  await drainJobs(k)
  const t = await k.t.ctx.db
    .selectFrom('pharmacy_task')
    .select('id')
    .where('prescription_id', '=', id)
    .executeTakeFirstOrThrow()
  for (const step of ['claim', 'check'])
    await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${t.id}/${step}`)
  await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${t.id}/dispense`, {
    batch: 'S50',
    expiry: '2028-01-31',
  })

  const mine = await k.call('patient', 'GET', '/api/my/prescriptions')
  assert.equal(mine.status, 200, mine.body)
  const list = mine.json['prescriptions'] as PrescriptionView[]
  const oil = list.find((p) => p.id === signedId)!
  assert.deepEqual(
    oil.timeline.map((s) => s.step),
    ['signed', 'at-pharmacy', 'dispensed', 'shipped'],
  )
  assert.equal(oil.canRequest, 'review', 'no repeats on a Schedule 2 product')
  const sertraline = list.find((p) => p.id === id)!
  assert.deepEqual(
    sertraline.timeline.map((s) => s.step),
    ['signed', 'at-pharmacy', 'dispensed'],
  )
  assert.equal(sertraline.canRequest, 'repeat')
  assert.equal(sertraline.repeatsRemaining, 2)

  const wrongKind = await k.call('patient', 'POST', `/api/my/prescriptions/${id}/requests`, {
    kind: 'review',
  })
  assert.equal(wrongKind.status, 409)
  assert.equal(
    (await k.call('otherPatient', 'POST', `/api/my/prescriptions/${id}/requests`, { kind: 'repeat' })).status,
    404,
  )
  const asked = await k.call('patient', 'POST', `/api/my/prescriptions/${id}/requests`, { kind: 'repeat' })
  assert.equal(asked.status, 201, asked.body)
  assert.equal(
    (await k.call('patient', 'POST', `/api/my/prescriptions/${id}/requests`, { kind: 'repeat' })).status,
    409,
    'one at a time',
  )
  const review = await k.call('patient', 'POST', `/api/my/prescriptions/${signedId}/requests`, {
    kind: 'review',
  })
  assert.equal(review.status, 201)

  const queue = await k.call('prescriber', 'GET', '/api/prescribing/queue')
  assert.equal(queue.status, 200, queue.body)
  const requests = queue.json['requests'] as Array<{ id: string; kind: string }>
  assert.deepEqual(requests.map((r) => r.kind).sort(), ['repeat', 'review'])
  const repeatId = requests.find((r) => r.kind === 'repeat')!.id
  const reviewId = requests.find((r) => r.kind === 'review')!.id

  // Too early (interval 21 days), then in time; step-up applies as for any signature.
  await k.fresh()
  const early = await k.call('prescriber', 'POST', `/api/repeat-requests/${repeatId}/approve`, {
    acknowledge: [],
  })
  assert.equal(early.status, 409, early.body)
  k.t.clock.advance(22 * 86_400_000)
  await k.fresh()
  k.t.clock.advance(6 * 60_000)
  assert.equal(
    (await k.call('prescriber', 'POST', `/api/repeat-requests/${repeatId}/approve`, { acknowledge: [] }))
      .status,
    403,
  )
  await k.fresh()
  const approved = await k.call('prescriber', 'POST', `/api/repeat-requests/${repeatId}/approve`, {
    acknowledge: [],
  })
  assert.equal(approved.status, 200, approved.body)
  const issued = approved.json['prescription'] as PrescriptionView
  assert.equal(issued.status, 'active')
  assert.equal(issued.issueNumber, 2)
  assert.equal(issued.repeatsRemaining, 1)
  await drainJobs(k)
  const queueNow = (await k.call('pharmacist', 'GET', '/api/pharmacy/tasks')).json[
    'tasks'
  ] as PharmacyTaskView[]
  assert.ok(
    queueNow.some((x) => x.prescription.id === issued.id),
    'the repeat is in the pharmacy queue',
  )
  const fhir = await k.call('patient', 'GET', `/fhir/R4/MedicationRequest/${issued.id}`)
  assert.deepEqual(fhir.json['priorPrescription'], { reference: `MedicationRequest/${id}` })

  const declined = await k.call('prescriber', 'POST', `/api/repeat-requests/${reviewId}/decline`, {
    message: 'Please book a review appointment.',
  })
  assert.equal(declined.status, 200, declined.body)
  const mineNow = (await k.call('patient', 'GET', '/api/my/repeat-requests')).json['requests'] as Array<{
    state: string
    message?: string
  }>
  assert.ok(mineNow.some((r) => r.state === 'declined' && r.message === 'Please book a review appointment.'))
  const sealed = await k.t.ctx.db
    .selectFrom('repeat_request')
    .select('message_sealed')
    .where('id', '=', reviewId)
    .executeTakeFirstOrThrow()
  assert.doesNotMatch(sealed.message_sealed!, /review appointment/, 'the message is sealed at rest')
})

test('reject returns the prescription to the prescriber with the reason; the patient sees it', async () => {
  await k.fresh()
  const d = await k.call(
    'prescriber',
    'POST',
    '/api/prescriptions',
    draftBody(k, 'Amitriptyline', { ...SERTRALINE_DETAILS, repeats: 0, dose: { value: 10, unit: 'mg' } }),
  )
  const id = view(d).id
  await k.call('prescriber', 'POST', `/api/prescriptions/${id}/sign`, { acknowledge: [] })
  await drainJobs(k)
  const t = await k.t.ctx.db
    .selectFrom('pharmacy_task')
    .select('id')
    .where('prescription_id', '=', id)
    .executeTakeFirstOrThrow()
  const rejected = await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${t.id}/reject`, {
    reason: 'Out of stock until next week',
  })
  assert.equal(rejected.status, 200, rejected.body)
  assert.equal(task(rejected).state, 'rejected')
  const queue = await k.call('prescriber', 'GET', '/api/prescribing/queue')
  const returned = (queue.json['returned'] as PrescriptionView[]).find((p) => p.id === id)!
  assert.equal(returned.rejectReason, 'Out of stock until next week')
  assert.equal(returned.status, 'cancelled')
  const patientView = await k.call('patient', 'GET', `/api/prescriptions/${id}`)
  assert.deepEqual(
    view(patientView).timeline.map((s) => s.step),
    ['signed', 'at-pharmacy', 'rejected'],
  )
  assert.equal((await k.call('pharmacist', 'POST', `/api/pharmacy/tasks/${t.id}/claim`)).status, 409)
})

test('an open task past the configured limit raises an alert: flagged, first in the queue, pharmacists emailed, audited', async () => {
  await k.fresh()
  const d = await k.call(
    'prescriber',
    'POST',
    '/api/prescriptions',
    draftBody(k, 'Codeine phosphate', { ...SERTRALINE_DETAILS, repeats: 0, dose: { value: 30, unit: 'mg' } }),
  )
  await k.call('prescriber', 'POST', `/api/prescriptions/${view(d).id}/sign`, { acknowledge: [] })
  await drainJobs(k)
  const t = await k.t.ctx.db
    .selectFrom('pharmacy_task')
    .select(['id', 'patient_id'])
    .where('prescription_id', '=', view(d).id)
    .executeTakeFirstOrThrow()
  const before = k.t.outbox.list().length
  k.t.clock.advance(25 * 3_600_000)
  await drainJobs(k)
  const row = await k.t.ctx.db
    .selectFrom('pharmacy_task')
    .select('overdue_at')
    .where('id', '=', t.id)
    .executeTakeFirstOrThrow()
  assert.ok(row.overdue_at)
  await k.fresh()
  const queue = (await k.call('pharmacist', 'GET', '/api/pharmacy/tasks')).json['tasks'] as PharmacyTaskView[]
  assert.equal(queue[0]!.overdue, true)
  await k.t.deliverMail()
  assert.ok(
    k.t.outbox
      .list()
      .slice(before)
      .some((m) => m.to === k.people.pharmacist.email && /overdue/.test(m.subject)),
  )
  assert.ok((await auditActions(t.patient_id)).includes('pharmacy.task-overdue'))
})

test('everything is in the audit trail, naming the patient', async () => {
  const actions = new Set(await auditActions(k.people.patient.id))
  for (const a of [
    'prescription.check',
    'prescription.create',
    'prescription.update',
    'prescription.sign',
    'prescribing.route',
    'pharmacy.task-list',
    'pharmacy.task-claim',
    'pharmacy.task-check',
    'pharmacy.task-dispense',
    'pharmacy.task-handover',
    'pharmacy.task-reject',
    'pharmacy.cd-register-read',
    'prescription.list-own',
    'prescription.repeat-request',
    'prescription.repeat-approve',
    'prescription.repeat-decline',
    'prescribing.queue-read',
    'fhir.read',
  ])
    assert.ok(actions.has(a), `audited: ${a} (have ${[...actions].join(', ')})`)
})
