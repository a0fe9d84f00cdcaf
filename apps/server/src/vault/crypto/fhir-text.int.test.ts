// S31 for FHIR free text: notes, messages and answers (PROTECTED_TEXT) are stored sealed under the
// patient's key: a raw scan of the database finds none of them, reads through the API give them
// back, and after the patient's key is erased every read answers 410 "erased", never a 500.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { PROTECTED_TEXT, type ResourceType } from '../../fhir/resource-types.ts'
import { createAccount, signIn, type TestAccount } from '../../testing/accounts.ts'
import { fhirCaller, type Caller } from '../../testing/fhir-calls.ts'
import { isManaged, writeManagedForTest } from '../../testing/managed-resources.ts'
import { SAMPLE_NOTE_CANARY, sampleResource } from '../../testing/fhir-samples.ts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'
import { dumpDatabase, keyForms } from '../keys/keys-test-kit.ts'
import { protectedStrings } from './fhir-text-protector.ts'

let t: TestApp
let clinician: Caller
let patient: TestAccount
let doctor: TestAccount
const created = new Map<ResourceType, string>()
const answers = new Map<ResourceType, unknown>()
const TYPES = Object.keys(PROTECTED_TEXT) as ResourceType[]
/** Every protected string written, as it would appear in JSON text. */
const secrets: string[] = []

before(async () => {
  t = await createTestApp()
  patient = await createAccount(t, { role: 'patient' })
  doctor = await createAccount(t, { role: 'clinician' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: doctor.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  clinician = fhirCaller(t, await signIn(t, doctor))
  for (const type of TYPES) {
    const sample = {
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${SAMPLE_NOTE_CANARY} ${type} narrative</div>`,
      },
      ...sampleResource(type, { patientId: patient.id, practitionerId: doctor.id }),
    }
    const values = protectedStrings(type, sample)
    assert.ok(values.length, `${type} sample has protected text`)
    secrets.push(...values.map((v) => JSON.stringify(v).slice(1, -1)))
    // Module-owned types (Composition, Encounter) are written the way their module writes them.
    const res = isManaged(type)
      ? await clinician('GET', `${type}/${await writeManagedForTest(t, type, sample)}`)
      : await clinician('POST', type, sample)
    assert.equal(res.status, isManaged(type) ? 200 : 201, `${type}: ${res.body}`)
    created.set(type, res.json.id as string)
    answers.set(type, res.json)
  }
})
after(() => t.close())

test('S31: protected text is in no table in the clear; the rest of the JSON is stored as is', async () => {
  const dump = await dumpDatabase(t.ctx.db)
  assert.ok(!dump.includes(SAMPLE_NOTE_CANARY), 'no note, message or answer readable in a dump')
  for (const secret of secrets) assert.ok(!dump.includes(secret), secret.slice(0, 40))
  const rows = await sql<{ content: string }>`select content::text as content from fhir_resource
    where resource_type = 'Composition'`.execute(t.ctx.db)
  const stored = rows.rows[0]?.content ?? ''
  assert.match(stored, /"div": "tessera-sealed:v1:1\.[\w-]+\.[\w-]+"/)
  assert.ok(stored.includes(`Patient/${patient.id}`), 'references stay queryable')
  const history = await sql<{ n: number }>`select count(*)::int as n from fhir_resource_history
    where content::text like ${'%' + SAMPLE_NOTE_CANARY + '%'}`.execute(t.ctx.db)
  assert.equal(history.rows[0]?.n, 0)
})

test('reads, searches, updates and history give the text back', async () => {
  for (const type of TYPES) {
    const id = created.get(type) as string
    const read = await clinician('GET', `${type}/${id}`)
    assert.equal(read.status, 200)
    assert.deepEqual(read.json, answers.get(type), `${type} reads back as written`)
    const search = await clinician('GET', `${type}?patient=${patient.id}`)
    const entries = (search.json['entry'] ?? []) as Array<{ resource: unknown }>
    assert.deepEqual(
      entries.map((e) => e.resource),
      [answers.get(type)],
      `${type} search`,
    )
  }
  const id = created.get('Observation') as string
  const current = await clinician('GET', `Observation/${id}`)
  const body = { ...current.json, note: [{ text: `${SAMPLE_NOTE_CANARY} second opinion` }] }
  const updated = await clinician('PUT', `Observation/${id}`, body, { 'if-match': 'W/"1"' })
  assert.equal(updated.status, 200, updated.body)
  const v1 = await clinician('GET', `Observation/${id}/_history/1`)
  assert.ok(v1.body.includes(SAMPLE_NOTE_CANARY) && !v1.body.includes('second opinion'))
  const history = await clinician('GET', `Observation/${id}/_history`)
  assert.ok(history.body.includes('second opinion'))
  assert.ok(!(await dumpDatabase(t.ctx.db)).includes('second opinion'))
})

test('a sealed value copied into another resource does not open there', async () => {
  const from = created.get('Encounter') as string
  const to = created.get('MedicationRequest') as string
  const src = await sql<{
    c: string
  }>`select content->'text'->>'div' as c from fhir_resource where id = ${from}`.execute(t.ctx.db)
  await sql`update fhir_resource set content = jsonb_set(content, '{text,div}', to_jsonb(${src.rows[0]?.c}::text))
    where id = ${to}`.execute(t.ctx.db)
  const res = await clinician('GET', `MedicationRequest/${to}`)
  assert.notEqual(res.status, 200)
  assert.ok(!res.body.includes(SAMPLE_NOTE_CANARY))
})

test('S29: no key material in the database or the logs', async () => {
  const patientKey = t.ctx.vault.cache.get(patient.id, 1)
  assert.ok(patientKey, 'the patient key is cached after the reads above')
  const stored = await sql<{
    c: string
  }>`select content::text as c from fhir_resource where resource_type = 'Composition'`.execute(t.ctx.db)
  const token = /tessera-sealed:v1:(\d+)\.([\w-]{80})\./.exec(stored.rows[0]?.c ?? '')
  assert.ok(token)
  const dataKey = await t.ctx.vault.openDataKey(patient.id, `dk1.${token[1]}.${token[2]}`)
  const dump = await dumpDatabase(t.ctx.db)
  const logs = t.logs.text()
  for (const key of [patientKey, dataKey]) {
    for (const form of keyForms(key)) assert.ok(!dump.includes(form) && !logs.includes(form))
  }
  for (const secret of [SAMPLE_NOTE_CANARY, ...secrets]) assert.ok(!logs.includes(secret))
})

test('after erasePatientKey every read of their protected text answers 410 erased, not 500', async () => {
  await t.ctx.vault.erasePatientKey(patient.id)
  for (const type of TYPES) {
    const res = await clinician('GET', `${type}/${created.get(type)}`)
    assert.equal(res.status, 410, `${type}: ${res.body}`)
    assert.match(res.body, /erased/)
  }
  const search = await clinician('GET', `Composition?patient=${patient.id}`)
  assert.equal(search.status, 410)
  const write = await clinician(
    'POST',
    'Observation',
    sampleResource('Observation', { patientId: patient.id }),
  )
  assert.equal(write.status, 410, 'no new protected text for an erased patient')
  // Their Patient resource (no protected text) is still served: erasing it is the record's job.
  assert.equal((await clinician('GET', `Patient/${patient.id}`)).status, 200)
})
