// S2 for the route families the authorisation matrix fills with random ids only (it knows real
// patients, documents, threads, appointments and sessions): consultation devices, consultation
// guests and intake responses. Another person's id must answer exactly like an id that does not
// exist: same status, same body (request id aside), nothing of theirs in it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { consultTest, registerDevice, type ConsultTest, type Person } from '../consult/consult-test-kit.ts'
import { publishSeedQuestionnaires } from '../intake/intake-seed.ts'

let c: ConsultTest
const foreign = { device: '', guest: '', response: '' }
let canaries: string[] = []

before(async () => {
  c = await consultTest({ listen: false })
  await c.at('2026-03-02T09:50:00Z')
  foreign.device = (await registerDevice(c, 'otherPatient', 'Other phone')).id
  const invited = await c.call('clinician', 'POST', `/api/consult/${c.appointment}/guests`, {
    name: 'Gus Interpreter',
    email: 'gus@interpreters.example',
    kind: 'interpreter',
  })
  assert.equal(invited.status, 201, invited.body)
  foreign.guest = String(invited.json['id'])
  await publishSeedQuestionnaires(c.t.ctx.intake, c.people.admin.id)
  const started = await c.call('otherPatient', 'POST', `/api/patients/${c.people.otherPatient.id}/intake`, {
    url: 'urn:tessera:questionnaire:phq-9',
  })
  assert.ok(started.status < 300, started.body)
  foreign.response = String(started.json['responseId'])
  canaries = [
    c.people.otherPatient.displayName,
    c.people.otherPatient.email,
    'Gus Interpreter',
    'gus@interpreters.example',
    'Other phone',
  ]
})
after(() => c?.close())

type Method = 'GET' | 'POST' | 'DELETE'
interface Case {
  who: Person
  method: Method
  /** The URL with the foreign id, and with a missing one. */
  url: (id: string) => string
  id: () => string
  body?: unknown
}

const INTAKE_ANSWERS = {
  questionnaire: 'urn:tessera:questionnaire:phq-9|1',
  item: [],
  section: 0,
  version: 1,
}

const CASES: Case[] = [
  { who: 'patient', method: 'DELETE', url: (id) => `/api/consult/devices/${id}`, id: () => foreign.device },
  {
    who: 'outsider',
    method: 'DELETE',
    url: (id) => `/api/consult/${c.appointment}/guests/${id}`,
    id: () => foreign.guest,
  },
  {
    who: 'outsider',
    method: 'POST',
    url: (id) => `/api/consult/${c.appointment}/guests/${id}/admit`,
    id: () => foreign.guest,
  },
  // The right clinician, but the guest belongs to the other appointment's room.
  {
    who: 'clinician',
    method: 'POST',
    url: (id) => `/api/consult/${c.otherAppointment}/guests/${id}/admit`,
    id: () => foreign.guest,
  },
  {
    who: 'clinician',
    method: 'DELETE',
    url: (id) => `/api/consult/${c.otherAppointment}/guests/${id}`,
    id: () => foreign.guest,
  },
  // Patient A's own record path with patient B's response id.
  {
    who: 'patient',
    method: 'GET',
    url: (id) => `/api/patients/${c.people.patient.id}/intake/${id}`,
    id: () => foreign.response,
  },
  {
    who: 'patient',
    method: 'POST',
    url: (id) => `/api/patients/${c.people.patient.id}/intake/${id}/submit`,
    id: () => foreign.response,
    body: INTAKE_ANSWERS,
  },
  // B's own path and response id, asked by A.
  {
    who: 'patient',
    method: 'GET',
    url: (id) => `/api/patients/${c.people.otherPatient.id}/intake/${id}`,
    id: () => foreign.response,
  },
]

test('foreign device, guest and intake-response ids answer exactly like missing ones (S2)', async () => {
  for (const k of CASES) {
    const label = `${k.who} ${k.method} ${k.url(':id')}`
    const other = await c.call(k.who, k.method, k.url(k.id()), k.body)
    const missing = await c.call(k.who, k.method, k.url(randomUUID()), k.body)
    assert.ok(other.status >= 400, `${label}: foreign id answered ${other.status}`)
    assert.equal(other.status, missing.status, `${label}: foreign ${other.status}, missing ${missing.status}`)
    const strip = (b: string) => b.replace(/"requestId":"[^"]+"/, '')
    assert.equal(strip(other.body), strip(missing.body), `${label}: bodies differ`)
    for (const canary of [...canaries, k.id()])
      assert.ok(!other.body.includes(canary), `${label}: leaked ${canary}`)
  }
  // The foreign rows are untouched: the device is still active, the guest still invited.
  const devices = await c.call('otherPatient', 'GET', '/api/consult/devices')
  assert.ok(JSON.stringify(devices.json).includes(foreign.device), 'the other patient keeps the device')
  const guests = await c.call('clinician', 'GET', `/api/consult/${c.appointment}/guests`)
  assert.match(JSON.stringify(guests.json), /"state":"invited"/)
  console.log(`foreign-id families: ${CASES.length} foreign x missing pairs`)
})
