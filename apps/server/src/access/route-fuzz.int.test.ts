// Bad input on every route (S40): for each route the app registers, requests generated from its own
// schemas (params, query, body, headers: valid-shaped, boundary and hostile values) are sent
// without a session and with a session of a role that may call it. Every answer is below 500; a 400
// names what is wrong; no error body carries a stack trace or SQL; the server still answers
// /healthz; nothing is thrown outside a request. FUZZ_SEED=<n> replays a run, FUZZ_SEED=random
// explores a fresh one (the seed is printed); FUZZ_RUNS=<n> changes the runs per route and caller.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { RegisteredRoute } from '../app.ts'
import type { Role } from '../identity/account-table.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { mintSession, someAddress, type TestAccount } from '../testing/accounts.ts'
import { MATRIX_ROLES, matrixPeople, type MatrixPeople } from '../testing/matrix-fixtures.ts'
import { SAMPLE_UPLOADS } from '../testing/matrix-samples.ts'
import {
  describe,
  problemsWith,
  requestArbitrary,
  type FuzzRequest,
  type IdPool,
} from '../testing/route-fuzz-kit.ts'
import { multipartBody } from '../vault/documents/document-test-kit.ts'
import { pdf } from '../vault/documents/test-files.ts'

const SEED =
  process.env['FUZZ_SEED'] === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env['FUZZ_SEED'] ?? 20260613)
/** Runs per route for a caller that may call it, and for callers that are refused at the door. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 12)
const REFUSED_RUNS = Math.max(1, Math.round(RUNS / 4))

let t: TestApp
let people: MatrixPeople
const routes: RegisteredRoute[] = []
const crashes: string[] = []
const onCrash = (err: unknown) =>
  crashes.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err))
const pool: IdPool = {}

before(async () => {
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  const blobDir = mkdtempSync(join(tmpdir(), 'tessera-fuzz-blobs-'))
  t = await createTestApp({ onRoute: (r) => routes.push(r), config: { blobDir } })
  people = await matrixPeople(t)
  const a = people.patientA
  const clinician = people.byRole.clinician
  pool['patientId'] = [a.id]
  pool['clinicianId'] = [clinician.id]
  pool['userId'] = [a.id, clinician.id]
  pool['appointmentId'] = [await seedAppointment(a.id, clinician.id)]
  pool['threadId'] = [await seedThread(a)]
  pool['documentId'] = [await seedDocument(a)]
})
after(async () => {
  process.off('uncaughtException', onCrash)
  process.off('unhandledRejection', onCrash)
  await t.close()
})

async function seedAppointment(patientId: string, clinicianId: string): Promise<string> {
  const now = t.clock.now()
  const typeId = randomUUID()
  await t.ctx.db
    .insertInto('appointment_type')
    .values({
      id: typeId,
      name: 'Fuzz consultation',
      duration_minutes: 30,
      buffer_minutes: 0,
      mode: 'video',
      audience: 'any',
      min_notice_minutes: 0,
      horizon_days: 30,
      active: true,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await t.ctx.db
    .insertInto('clinician_schedule')
    .values({
      clinician_id: clinicianId,
      time_zone: 'Europe/London',
      schedule_id: randomUUID(),
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
  const id = randomUUID()
  const start = new Date(now.getTime() + 86_400_000)
  await t.ctx.db
    .insertInto('appointment')
    .values({
      id,
      patient_id: patientId,
      clinician_id: clinicianId,
      type_id: typeId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 30 * 60_000),
      blocked_until: new Date(start.getTime() + 30 * 60_000),
      status: 'booked',
      booked_by: clinicianId,
      booked_via: 'staff',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return id
}

async function seedThread(patient: TestAccount): Promise<string> {
  const res = await inject(
    {
      method: 'POST',
      url: '/api/messages/threads',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ topic: 'clinical', subject: 'Fuzz', body: 'Fuzz' }),
    },
    await mintSession(t, patient),
  )
  assert.equal(res.statusCode, 201, res.body)
  return (JSON.parse(res.body) as { thread: { id: string } }).thread.id
}

async function seedDocument(patient: TestAccount): Promise<string> {
  const form = multipartBody({ data: pdf({ text: 'Fuzz' }), filename: 'fuzz.pdf' })
  const res = await inject(
    {
      method: 'POST',
      url: `/api/patients/${patient.id}/documents`,
      headers: { 'content-type': form.contentType },
      payload: form.payload,
    },
    await mintSession(t, patient),
  )
  assert.equal(res.statusCode, 201, res.body)
  return (JSON.parse(res.body) as { id: string }).id
}

function inject(req: FuzzRequest, cookie: string | null) {
  return t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, ...req.headers, ...(cookie ? { cookie } : {}) },
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
  })
}

const key = (r: RegisteredRoute) => `${r.method} ${r.url}`

/** Who may call the route (one role is enough: the access rules are the matrix's job). */
function allowedRole(route: RegisteredRoute): Role | null {
  const access = route.access
  if (!access || 'public' in access) return null
  return access.roles?.[0] ?? (route.url.startsWith('/fhir/') ? 'clinician' : 'patient')
}

/** A live session for `role`, made again when a fuzzed request ended it (sign-out, password, ...). */
const cookies = new Map<Role, string>()
/** Roles whose session a request may have ended (checked before their next request). */
const unsure = new Set<Role>()
async function sessionFor(role: Role): Promise<string> {
  const current = cookies.get(role)
  if (current && !unsure.has(role)) return current
  unsure.delete(role)
  if (current && (await t.ctx.identity.sessions.resolveToken(current.split('=')[1]!))) return current
  const account = people.byRole[role]
  await t.ctx.db
    .updateTable('account')
    // The admin routes may have disabled the account or changed its role or prescriber flag.
    .set({
      failed_sign_ins: 0,
      locked_until: null,
      disabled_at: null,
      role,
      is_prescriber: role === 'clinician',
    })
    .where('id', '=', account.id)
    .execute()
  const fresh = await mintSession(t, account)
  cookies.set(role, fresh)
  return fresh
}

/** For a 500: the cause the server logged for that request id (the test's own log capture). */
function causeOf(body: string): string {
  const id = /"requestId":"([^"]+)"/.exec(body)?.[1]
  const line = id ? t.logs.lines.find((l) => l.includes(id) && l.includes('"unhandled error"')) : undefined
  if (!line) return ''
  const err = (JSON.parse(line) as { err?: { type?: string; message?: string; stack?: string } }).err
  return ` [logged: ${err?.type}: ${err?.message?.slice(0, 200)} ${err?.stack?.split('\n').slice(1, 4).join(' | ')}]`
}

/** A seed per route and caller, so one route's runs do not depend on the routes before it. */
function seedFor(label: string): number {
  return (createHash('sha256').update(`${SEED} ${label}`).digest().readUInt32BE(0) & 0x7fffffff) >>> 0
}

test('every route x {no session, a role that may call it}: fuzzed requests never 500, 400s name the problem (S40)', async () => {
  const failures: string[] = []
  let cases = 0
  let pairs = 0
  const byStatus = new Map<number, number>()
  const slowest: Array<[number, string]> = []
  for (const route of routes) {
    const role = allowedRole(route)
    const callers: Array<{ role: Role | null; runs: number }> =
      role === null
        ? [{ role: null, runs: RUNS }]
        : [
            { role: null, runs: REFUSED_RUNS },
            { role, runs: RUNS },
          ]
    const upload = key(route) in SAMPLE_UPLOADS
    for (const caller of callers) {
      pairs++
      const label = `${key(route)} as ${caller.role ?? 'nobody'}`
      const seed = seedFor(label)
      let lastFailure = ''
      const started = Date.now()
      try {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, pool, upload), async (req) => {
            cases++
            const cookie = caller.role ? await sessionFor(caller.role) : null
            const res = await inject(req, cookie)
            // Sign-out, password and factor changes, account admin: the next case checks the session.
            if (cookie && (res.statusCode === 401 || /\/(auth|account|admin)\//.test(route.url)))
              for (const r of route.url.startsWith('/api/admin/') ? MATRIX_ROLES : [caller.role!])
                unsure.add(r)
            byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1)
            const problems = problemsWith(req.url, res)
            if (problems.length)
              assert.fail(
                (lastFailure = `${res.statusCode} ${problems.join(', ')}: ${res.body.slice(0, 300)} <- ${describe(req, caller.role ?? 'nobody')}${causeOf(res.body)}`),
              )
          }),
          { numRuns: caller.runs, seed, endOnFailure: true },
        )
      } catch (err) {
        const where = /\{ seed: -?\d+, path: "[^"]*"/.exec((err as Error).message)?.[0] ?? ''
        failures.push(
          `${label} (FUZZ_SEED=${SEED} ${where} }): ${lastFailure || (err as Error).message.slice(0, 500)}`,
        )
      }
      slowest.push([Date.now() - started, label])
      const health = await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: someAddress() })
      assert.equal(health.statusCode, 200, `/healthz after ${label}`)
    }
  }
  const statuses = [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}:${n}`)
    .join(' ')
  console.log(
    `route fuzz: seed ${SEED}, ${routes.length} routes, ${pairs} route x caller pairs, ${cases} requests; statuses ${statuses}`,
  )
  console.log(
    `slowest: ${slowest
      .sort((x, y) => y[0] - x[0])
      .slice(0, 12)
      .map(([ms, l]) => `${l} ${ms}ms`)
      .join('; ')}`,
  )
  assert.deepEqual(failures, [], `route fuzz failures (seed ${SEED})`)
  assert.ok(cases >= routes.length * REFUSED_RUNS, `only ${cases} requests were sent`)
})

test('a malformed or over-long path: a 400 naming it, with the security headers, the path not echoed', async () => {
  const long = 'x'.repeat(600)
  for (const [url, path] of [
    ['/api/consult/%ff%fe', 'url'],
    [`/api/consult/${long}`, 'params'],
  ] as const) {
    const res = await t.app.inject({ method: 'GET', url, remoteAddress: someAddress() })
    assert.equal(res.statusCode, 400, `${url.slice(0, 40)}: ${res.body}`)
    const error = (JSON.parse(res.body) as { error: { code: string; details: Array<{ path: string }> } })
      .error
    assert.equal(error.code, 'invalid')
    assert.deepEqual(
      error.details.map((d) => d.path),
      [path],
    )
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.ok(!res.body.includes('%ff') && !res.body.includes(long), 'the path is not echoed')
  }
})

test('nothing was thrown outside a request, and no error was logged as unhandled', () => {
  assert.deepEqual(crashes, [])
  const unhandled = t.logs.lines.filter((l) => l.includes('"unhandled error"')).length
  assert.equal(unhandled, 0, `${unhandled} unhandled errors in the log`)
})
