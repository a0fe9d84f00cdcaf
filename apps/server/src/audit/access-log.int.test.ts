// "Who viewed my record" as a patient sees it (S5, JOURNEYS patient step 9): staff names, roles,
// what and why in plain words, emergency access with its reason; never their own views, never
// another patient's log, and nothing to ask for by id.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createAccount, signIn, type TestAccount } from '../testing/accounts.ts'
import { auditWorld, request, stepUp, type AuditWorld } from './audit-views-fixture.ts'

let w: AuditWorld
let other: TestAccount
let otherCookie: string
const REASON = 'Collapsed in clinic, needs allergy history'

before(async () => {
  w = await auditWorld()
  other = await createAccount(w.t, { role: 'clinician', displayName: 'Dr Sam Lewis' })
  otherCookie = await signIn(w.t, other)
})
after(() => w.t.close())

interface Log {
  entries: Array<{
    who: string
    role: string
    what: string
    why: string
    reason: string | null
    count: number
  }>
  truncated: boolean
}

const logOf = async (cookie: string): Promise<Log> => {
  const res = await request(w.t, 'GET', '/api/privacy/access-log', cookie)
  assert.equal(res.statusCode, 200, res.body)
  return res.json<Log>()
}
const read = async (patientId: string, cookie: string, expected = 200) => {
  const res = await request(w.t, 'GET', `/api/patients/${patientId}`, cookie)
  assert.equal(res.statusCode, expected, res.body)
}

test('a new patient sees an empty log, and the log read itself is on the record', async () => {
  const log = await logOf(w.cookie.patientB)
  assert.deepEqual(log, { entries: [], truncated: false })
  const event = await w.t.ctx.db
    .selectFrom('audit_event')
    .select(['patient_id', 'actor_id'])
    .where('action', '=', 'privacy.access-log-read')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  assert.deepEqual(event, { patient_id: w.patientB.id, actor_id: w.patientB.id })
})

test("a clinician's read shows with name, role and care team; the patient's own views do not", async () => {
  await read(w.patientA.id, w.cookie.clinician)
  await read(w.patientA.id, w.cookie.patientA)
  await read(w.patientA.id, w.cookie.patientB, 404)
  const { entries } = await logOf(w.cookie.patientA)
  assert.deepEqual(
    entries.map((e) => [e.who, e.role, e.what, e.why, e.count]),
    [['Dr Ada Okafor', 'clinician', 'Your details', 'care-team', 1]],
  )
  assert.ok(!JSON.stringify(entries).includes('Tom Nguyen'), "another patient's name never appears")
})

test('identical views within 10 minutes are one line with a count; later ones a new line', async () => {
  w.t.clock.advance(60_000)
  await read(w.patientA.id, w.cookie.clinician)
  w.t.clock.advance(60_000)
  await read(w.patientA.id, w.cookie.clinician)
  let { entries } = await logOf(w.cookie.patientA)
  assert.equal(entries.length, 1)
  assert.equal(entries[0]!.count, 3)
  w.t.clock.advance(11 * 60_000)
  w.cookie.clinician = await signIn(w.t, w.clinician)
  await read(w.patientA.id, w.cookie.clinician)
  ;({ entries } = await logOf(w.cookie.patientA))
  assert.deepEqual(
    entries.map((e) => e.count),
    [1, 3],
  )
})

test('reception appears as scheduling, and the patient list as its own category', async () => {
  w.cookie.reception = await signIn(w.t, w.reception)
  await read(w.patientA.id, w.cookie.reception)
  const list = await request(w.t, 'GET', '/api/patients', w.cookie.reception)
  assert.equal(list.statusCode, 200)
  const { entries } = await logOf(w.cookie.patientA)
  assert.deepEqual(
    entries.slice(0, 2).map((e) => [e.who, e.role, e.what, e.why]),
    [
      ['Chris Reception', 'reception', 'Patient list', 'scheduling'],
      ['Chris Reception', 'reception', 'Your details', 'scheduling'],
    ],
  )
})

test('break-glass: the opening and the reads show as emergency access with the reason given', async () => {
  await read(w.patientB.id, otherCookie, 404)
  otherCookie = await stepUp(w.t, other, otherCookie)
  const open = await request(w.t, 'POST', '/api/break-glass', otherCookie, {
    payload: { patientId: w.patientB.id, reason: REASON },
  })
  assert.equal(open.statusCode, 201, open.body)
  w.t.clock.advance(30_000)
  await read(w.patientB.id, otherCookie)
  const { entries } = await logOf(w.cookie.patientB)
  const lewis = entries.filter((e) => e.who === 'Dr Sam Lewis')
  assert.deepEqual(
    lewis.map((e) => [e.who, e.role, e.what, e.why, e.reason]),
    [
      ['Dr Sam Lewis', 'clinician', 'Your details', 'emergency', REASON],
      ['Dr Sam Lewis', 'clinician', 'Emergency access opened', 'emergency', REASON],
    ],
  )
  // Patient A's log knows nothing of it.
  const a = await logOf(w.cookie.patientA)
  assert.ok(!JSON.stringify(a).includes('Sam Lewis'))
  assert.ok(!JSON.stringify(a).includes(REASON))
})

test('the log is always your own: any query parameter is refused, and staff cannot call it', async () => {
  for (const query of [
    `patientId=${w.patientA.id}`,
    `patient=${w.patientA.id}`,
    `id=${w.patientA.id}`,
    'x=1',
  ]) {
    const res = await request(w.t, 'GET', `/api/privacy/access-log?${query}`, w.cookie.patientB)
    assert.equal(res.statusCode, 400, query)
    assert.ok(!res.body.includes('Okafor'), `${query}: nothing of patient A's log`)
  }
  for (const who of ['clinician', 'reception', 'admin', 'officer'] as const) {
    const res = await request(w.t, 'GET', '/api/privacy/access-log', await signIn(w.t, w[who]))
    assert.equal(res.statusCode, 403, who)
  }
  assert.equal((await request(w.t, 'GET', '/api/privacy/access-log', undefined)).statusCode, 401)
})

test("a privacy officer's search of the patient's events shows as oversight", async () => {
  w.cookie.officer = await signIn(w.t, w.officer)
  const res = await request(w.t, 'GET', `/api/audit/events?patientId=${w.patientA.id}`, w.cookie.officer)
  assert.equal(res.statusCode, 200)
  const { entries } = await logOf(w.cookie.patientA)
  assert.deepEqual(
    [entries[0]!.who, entries[0]!.role, entries[0]!.why],
    ['Priya Officer', 'privacy-officer', 'oversight'],
  )
})
