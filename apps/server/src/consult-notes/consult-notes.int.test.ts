// The clinician's consultation note and the consultation's Encounter, as the clinician, the patient
// and another clinician see them over HTTP: autosave and read back, stale saves, only the host, the
// words sealed at rest, signing locks, amendments keep the history, ending closes the Encounter.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { ConsultEncounterView, ConsultNoteView } from '@tessera/contracts'
import { NOTE_MAX_CHARS } from '@tessera/contracts'
import { consultTest, type ConsultTest, type Person } from '../consult/consult-test-kit.ts'
import { someAddress } from '../testing/accounts.ts'
import { dumpDatabase } from '../vault/keys/keys-test-kit.ts'

let c: ConsultTest
before(async () => {
  c = await consultTest({ listen: false })
  await c.at('2026-03-02T10:01:00Z')
})
after(() => c?.close())

interface Reply {
  status: number
  json: Record<string, unknown>
  body: string
}

async function call(
  who: Person,
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  body?: unknown,
): Promise<Reply> {
  const res = await c.t.app.inject({
    method,
    url,
    remoteAddress: someAddress(),
    headers: { ...c.t.browserHeaders, cookie: c.cookie[who] },
    ...(body === undefined ? {} : { payload: body as object }),
  })
  const json = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {}
  return { status: res.statusCode, json, body: res.body }
}

const note = (r: Reply) => r.json as unknown as ConsultNoteView
const paths = (r: Reply) =>
  ((r.json['error'] as { details?: Array<{ path: string }> }).details ?? []).map((d) => d.path)
const base = () => `/api/consult/${c.appointment}`
const CANARY = 'Zebrafinch-canary reports chest pain after 3 flights of stairs'

test('the first open starts the Encounter (virtual, in progress, linked); the note is empty', async () => {
  const first = await call('clinician', 'GET', `${base()}/note`)
  assert.equal(first.status, 200, first.body)
  assert.equal(note(first).status, 'empty')
  assert.equal(note(first).version, 0)
  assert.equal(note(first).text, '')
  assert.equal(note(first).encounter.status, 'in-progress')
  assert.equal(note(first).encounter.start, '2026-03-02T10:01:00.000Z')
  const again = await call('clinician', 'GET', `${base()}/note`)
  assert.deepEqual(note(again).encounter, note(first).encounter, 'opening again makes no second Encounter')

  const encounters = await c.t.ctx.db
    .selectFrom('fhir_resource')
    .select(['id', 'patient_id', 'version_id'])
    .where('resource_type', '=', 'Encounter')
    .execute()
  assert.equal(encounters.length, 1)
  assert.equal(encounters[0]!.patient_id, c.people.patient.id)
  assert.equal(encounters[0]!.version_id, 1)
  const enc = await call('clinician', 'GET', `/fhir/R4/Encounter/${encounters[0]!.id}`)
  assert.equal(enc.status, 200, enc.body)
  const resource = enc.json
  assert.deepEqual(resource['class'], {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    code: 'VR',
    display: 'virtual',
  })
  assert.deepEqual(resource['appointment'], [{ reference: `Appointment/${c.appointment}` }])
  assert.deepEqual(resource['subject'], { reference: `Patient/${c.people.patient.id}` })
  assert.match(JSON.stringify(resource['participant']), new RegExp(c.people.clinician.id))
})

test('only the appointment clinician: the patient, another clinician and staff get no note', async () => {
  const missing = await call('outsider', 'GET', `/api/consult/${randomUUID()}/note`)
  assert.equal(missing.status, 404)
  assert.match(missing.body, /No such consultation\./)
  for (const who of ['patient', 'otherPatient', 'outsider'] as const) {
    for (const [method, suffix, body] of [
      ['GET', '/note', undefined],
      ['PUT', '/note', { text: 'x', baseVersion: 0 }],
      ['POST', '/note/sign', { baseVersion: 1 }],
      ['POST', '/note/amendments', { text: 'x', reason: 'y' }],
      ['POST', '/end', undefined],
    ] as const) {
      const res = await call(who, method, `${base()}${suffix}`, body)
      assert.equal(res.status, 404, `${who} ${method} ${suffix}: ${res.body}`)
      assert.match(res.body, /No such consultation\./)
    }
  }
  assert.equal((await call('reception', 'GET', `${base()}/note`)).status, 403)
  const clinicianView = await call('clinician', 'GET', `${base()}/note`)
  assert.equal(note(clinicianView).status, 'empty', 'nothing the others sent was saved')
  assert.equal(note(clinicianView).encounter.status, 'in-progress', 'nobody else ended it')
})

test('autosave: saved text reads back; a stale base version is a 409 naming baseVersion; limits are 400s', async () => {
  const v1 = await call('clinician', 'PUT', `${base()}/note`, {
    text: 'History: <b>cough</b> & fever',
    baseVersion: 0,
  })
  assert.equal(v1.status, 200, v1.body)
  assert.equal(note(v1).version, 1)
  assert.equal(note(v1).status, 'draft')
  const v2 = await call('clinician', 'PUT', `${base()}/note`, { text: `${CANARY}\nline two`, baseVersion: 1 })
  assert.equal(note(v2).version, 2)
  const read = await call('clinician', 'GET', `${base()}/note`)
  assert.equal(note(read).text, `${CANARY}\nline two`)
  assert.equal(note(read).version, 2)
  assert.ok(note(read).updatedAt)

  const stale = await call('clinician', 'PUT', `${base()}/note`, { text: 'from an old tab', baseVersion: 1 })
  assert.equal(stale.status, 409)
  assert.deepEqual(paths(stale), ['body/baseVersion'])
  assert.equal(note(await call('clinician', 'GET', `${base()}/note`)).text, `${CANARY}\nline two`)

  const huge = await call('clinician', 'PUT', `${base()}/note`, {
    text: 'x'.repeat(NOTE_MAX_CHARS + 1),
    baseVersion: 2,
  })
  assert.equal(huge.status, 400)
  assert.deepEqual(paths(huge), ['body/text'])
  const extra = await call('clinician', 'PUT', `${base()}/note`, {
    text: 'x',
    baseVersion: 2,
    status: 'final',
  })
  assert.equal(extra.status, 400)
  assert.deepEqual(paths(extra), ['body/status'])
  const unchanged = await call('clinician', 'PUT', `${base()}/note`, {
    text: `${CANARY}\nline two`,
    baseVersion: 2,
  })
  assert.equal(note(unchanged).version, 2, 'saving the same text writes no new version')
})

test('the note text is sealed at rest: no table holds it in plain text; the FHIR API gives it back', async () => {
  const hits = await sql<{ n: number }>`select count(*)::int as n from fhir_resource
    where content::text like ${'%Zebrafinch%'}`.execute(c.t.ctx.db)
  assert.equal(hits.rows[0]?.n, 0)
  const history = await sql<{ n: number }>`select count(*)::int as n from fhir_resource_history
    where content::text like ${'%Zebrafinch%'}`.execute(c.t.ctx.db)
  assert.equal(history.rows[0]?.n, 0)
  assert.ok(!(await dumpDatabase(c.t.ctx.db)).includes('Zebrafinch'), 'in no table at all')
  assert.ok(!c.t.logs.text().includes('Zebrafinch'), 'nor in the logs')
  const v = note(await call('clinician', 'GET', `${base()}/note`))
  const fhir = await call('clinician', 'GET', `/fhir/R4/Composition/${v.noteId}`)
  assert.equal(fhir.status, 200, fhir.body)
  assert.ok(fhir.body.includes('Zebrafinch'), 'the record reads it back')
  assert.equal(fhir.json['status'], 'preliminary')
  assert.deepEqual((fhir.json['type'] as { coding: unknown[] }).coding[0], {
    system: 'http://loinc.org',
    code: '11488-4',
    display: 'Consult note',
  })
  assert.equal(
    (fhir.json['encounter'] as { reference: string }).reference,
    `Encounter/${v.encounter.encounterId}`,
  )
  const write = await call('clinician', 'PUT', `/fhir/R4/Composition/${v.noteId}`, {
    ...fhir.json,
    status: 'final',
  })
  assert.equal(write.status, 405, 'the FHIR API cannot change (or sign) a note behind the notes API')
})

test('signing needs the version read and a recent second factor; a signed note is locked', async () => {
  const current = note(await call('clinician', 'GET', `${base()}/note`))
  const stale = await call('clinician', 'POST', `${base()}/note/sign`, { baseVersion: current.version - 1 })
  assert.equal(stale.status, 409)
  assert.deepEqual(paths(stale), ['body/baseVersion'])

  // A session whose second factor is older than 5 minutes must confirm again (S17).
  c.t.clock.set('2026-03-02T10:07:00Z')
  const old = await call('clinician', 'POST', `${base()}/note/sign`, { baseVersion: current.version })
  assert.equal(old.status, 403, old.body)
  assert.match(old.body, /step-up-required/)
  await c.at('2026-03-02T10:08:00Z')

  const signed = await call('clinician', 'POST', `${base()}/note/sign`, { baseVersion: current.version })
  assert.equal(signed.status, 200, signed.body)
  assert.equal(note(signed).status, 'signed')
  assert.equal(note(signed).signedAt, '2026-03-02T10:08:00.000Z')
  assert.equal(note(signed).signedBy, 'clinician tester')
  assert.equal(note(signed).text, current.text)

  const edit = await call('clinician', 'PUT', `${base()}/note`, {
    text: 'changed',
    baseVersion: note(signed).version,
  })
  assert.equal(edit.status, 409)
  assert.match(edit.body, /Signed notes are locked; add an amendment\./)
  const twice = await call('clinician', 'POST', `${base()}/note/sign`, { baseVersion: note(signed).version })
  assert.equal(twice.status, 409)
  assert.equal(note(await call('clinician', 'GET', `${base()}/note`)).text, current.text)
})

test('amendments: new versions with a reason; what was signed and every version stay', async () => {
  const signed = note(await call('clinician', 'GET', `${base()}/note`))
  const noReason = await call('clinician', 'POST', `${base()}/note/amendments`, { text: 'x', reason: '' })
  assert.equal(noReason.status, 400)
  assert.deepEqual(paths(noReason), ['body/reason'])
  const first = await call('clinician', 'POST', `${base()}/note/amendments`, {
    text: 'Allergy to penicillin (rash), not recorded during the call.',
    reason: 'Patient phoned after the consultation',
  })
  assert.equal(first.status, 201, first.body)
  const second = await call('clinician', 'POST', `${base()}/note/amendments`, {
    text: 'Follow-up in 2 weeks.',
    reason: 'Omitted plan',
  })
  const view = note(second)
  assert.equal(view.status, 'amended')
  assert.equal(view.version, signed.version + 2)
  assert.equal(view.text, signed.text, 'the signed text is unchanged')
  assert.equal(view.signedAt, signed.signedAt)
  assert.deepEqual(
    view.amendments.map((a) => [a.text, a.reason, a.authorName]),
    [
      [
        'Allergy to penicillin (rash), not recorded during the call.',
        'Patient phoned after the consultation',
        'clinician tester',
      ],
      ['Follow-up in 2 weeks.', 'Omitted plan', 'clinician tester'],
    ],
  )
  const locked = await call('clinician', 'PUT', `${base()}/note`, { text: 'x', baseVersion: view.version })
  assert.equal(locked.status, 409)

  const history = await call('clinician', 'GET', `/fhir/R4/Composition/${view.noteId}/_history`)
  assert.equal(history.status, 200)
  const statuses = (history.json['entry'] as Array<{ resource: { status: string } }>).map(
    (e) => e.resource.status,
  )
  assert.deepEqual(statuses, ['amended', 'amended', 'final', 'preliminary', 'preliminary'])
  const hits = await sql<{ n: number }>`select count(*)::int as n from fhir_resource_history
    where content::text like ${'%penicillin%'} or content::text like ${'%phoned%'}`.execute(c.t.ctx.db)
  assert.equal(hits.rows[0]?.n, 0, 'amendment text and reason are sealed too')
})

test('ending the call closes the Encounter (once); the patient cannot; every step is audited', async () => {
  await c.at('2026-03-02T10:32:00Z')
  const ended = await call('clinician', 'POST', `${base()}/end`)
  assert.equal(ended.status, 200, ended.body)
  const view = ended.json as unknown as ConsultEncounterView
  assert.equal(view.status, 'finished')
  assert.equal(view.end, '2026-03-02T10:32:00.000Z')
  await c.at('2026-03-02T10:40:00Z')
  const again = await call('clinician', 'POST', `${base()}/end`)
  assert.deepEqual(again.json, ended.json, 'ending twice changes nothing')
  const read = note(await call('clinician', 'GET', `${base()}/note`))
  assert.equal(read.encounter.status, 'finished', 'opening the notes again does not reopen it')
  const fhir = await call('clinician', 'GET', `/fhir/R4/Encounter/${view.encounterId}`)
  assert.equal(fhir.json['status'], 'finished')
  assert.deepEqual(fhir.json['period'], {
    start: '2026-03-02T10:01:00.000Z',
    end: '2026-03-02T10:32:00.000Z',
  })
  const patientView = await call('patient', 'GET', `/fhir/R4/Encounter/${view.encounterId}`)
  assert.equal(patientView.status, 200, 'the patient sees their encounter in their record')

  // The room is closed for the patient: her page is told, a new check-in is refused.
  const room = await call('patient', 'GET', base())
  assert.equal(room.json['state'], 'ended')
  assert.equal(room.json['endedAt'], '2026-03-02T10:32:00.000Z')
  const checkIn = await call('patient', 'POST', `${base()}/check-in`)
  assert.equal(checkIn.status, 409, checkIn.body)
  assert.match(checkIn.body, /This consultation has ended/)

  // The other appointment's Encounter starts with its own "end" (host only, made if missing).
  const other = await call('clinician', 'POST', `/api/consult/${c.otherAppointment}/end`)
  assert.equal(other.status, 200)
  assert.notEqual((other.json as unknown as ConsultEncounterView).encounterId, view.encounterId)

  const audit = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['action', 'patient_id', 'outcome'])
    .where('action', 'like', 'consult.note%')
    .execute()
  const ok = (action: string) =>
    audit.some((a) => a.action === action && a.outcome === 'success' && a.patient_id === c.people.patient.id)
  for (const action of ['consult.note-read', 'consult.note-save', 'consult.note-sign', 'consult.note-amend'])
    assert.ok(ok(action), action)
  assert.ok(
    audit.some((a) => a.outcome === 'denied'),
    'refusals are audited too',
  )
  const ends = await c.t.ctx.db
    .selectFrom('audit_event')
    .select(['patient_id'])
    .where('action', '=', 'consult.end')
    .where('outcome', '=', 'success')
    .execute()
  assert.ok(ends.some((e) => e.patient_id === c.people.patient.id))
})
