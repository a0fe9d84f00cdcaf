// S3: clients cannot set ownership or compartment fields. 10,000 random writes from a patient's
// and a receptionist's sessions, with owner-like fields pointing at other people smuggled into
// every body, change the owner or patient of nothing that belongs to someone else.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import type { RegisteredRoute } from '../app.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'

const RUNS = Number(process.env['S3_RUNS'] ?? 10_000)
const OWNER_FIELDS = [
  'accountId',
  'account_id',
  'patientId',
  'patient_id',
  'userId',
  'ownerId',
  'clinicianId',
  'role',
  'subject',
  'id',
]
const SKIP = new Set(['POST /api/auth/sign-out', 'POST /api/account/sessions/sign-out-others'])

let t: TestApp
let patient: TestAccount
let other: TestAccount
let clinician: TestAccount
let reception: TestAccount
const routes: RegisteredRoute[] = []

before(async () => {
  t = await createTestApp({ onRoute: (r) => routes.push(r) })
  patient = await createAccount(t, { role: 'patient' })
  other = await createAccount(t, { role: 'patient' })
  clinician = await createAccount(t, { role: 'clinician' })
  reception = await createAccount(t, { role: 'reception' })
  await signIn(t, other)
})
after(() => t.close())

/** Who owns what: every row that names an account, keyed by table and row. */
async function ownership(): Promise<Map<string, string>> {
  const db = t.ctx.db
  const out = new Map<string, string>()
  for (const r of await db
    .selectFrom('account')
    .select(['id', 'email', 'role', 'is_prescriber', 'is_specialist'])
    .execute())
    out.set(`account:${r.id}`, `${r.email}|${r.role}|${r.is_prescriber}|${r.is_specialist}`)
  for (const r of await db.selectFrom('session').select(['id', 'account_id']).execute())
    out.set(`session:${r.id}`, r.account_id)
  for (const r of await db.selectFrom('totp_credential').select(['id', 'account_id']).execute())
    out.set(`totp:${r.id}`, r.account_id)
  for (const r of await db.selectFrom('webauthn_credential').select(['id', 'account_id']).execute())
    out.set(`passkey:${r.id}`, r.account_id)
  for (const r of await db.selectFrom('care_team').select(['patient_id', 'clinician_id']).execute())
    out.set(`care:${r.patient_id}:${r.clinician_id}`, r.clinician_id)
  for (const r of await db.selectFrom('break_glass').select(['id', 'patient_id', 'clinician_id']).execute())
    out.set(`glass:${r.id}`, `${r.patient_id}|${r.clinician_id}`)
  return out
}

for (const who of ['patient', 'reception'] as const) {
  test(`${RUNS / 2} random writes as a ${who} change no one else's ownership (S3)`, async () => {
    const actor = who === 'patient' ? patient : reception
    const writes = routes.filter(
      (r) =>
        r.method !== 'GET' &&
        r.url.startsWith('/api/') &&
        r.access &&
        !('public' in r.access) &&
        !SKIP.has(`${r.method} ${r.url}`),
    )
    assert.ok(writes.length > 5)
    const before = await ownership()
    let cookie = await signIn(t, actor)
    const foreignIds = [other.id, clinician.id, randomUUID()]
    const bodyArb = fc.dictionary(
      fc.constantFrom(...OWNER_FIELDS),
      fc.oneof(fc.constantFrom(...foreignIds), fc.string(), fc.boolean(), fc.constant('admin')),
      { maxKeys: 4 },
    )
    let statuses = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        bodyArb,
        fc.constantFrom(...foreignIds),
        async (route, body, id) => {
          const url = route.url.replace(/:[A-Za-z]+/g, id)
          const res = await t.app.inject({
            method: route.method as 'POST',
            url,
            remoteAddress: someAddress(),
            headers: { ...t.browserHeaders, cookie },
            payload: body,
          })
          if (res.statusCode >= 500) throw new Error(`${route.method} ${url} answered ${res.statusCode}`)
          statuses++
          const set = res.headers['set-cookie']
          const fresh = [set].flat().find((c) => c?.startsWith('__Host-tessera='))
          if (fresh) cookie = fresh.split(';')[0]!
        },
      ),
      { numRuns: RUNS / 2 },
    )
    assert.equal(statuses, RUNS / 2)
    const after = await ownership()
    for (const [row, owner] of before) {
      if (row.startsWith('session:') && after.get(row) === undefined) continue
      assert.equal(after.get(row), owner, `${row} changed owner`)
    }
    for (const [row, owner] of after) {
      if (before.has(row)) continue
      // Reception assigns care teams by design; everything else new must be the actor's own.
      const byDesign = row.startsWith('session:') || (who === 'reception' && row.startsWith('care:'))
      assert.ok(owner.includes(actor.id) || byDesign, `${who} created ${row} owned by ${owner}`)
    }
  })
}
