// The audit trail as a regulator tests it: every access and denial to patient data leaves an event
// naming the patient (S19); when events cannot be written, no patient data leaves (S20); the
// trail refuses edits and deletes at the database level.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql, type KyselyPlugin } from 'kysely'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'

let t: TestApp
let clinician: TestAccount
let reception: TestAccount
let patients: TestAccount[]
let cookies: Record<string, string>

before(async () => {
  t = await createTestApp()
  clinician = await createAccount(t, { role: 'clinician' })
  reception = await createAccount(t, { role: 'reception' })
  patients = []
  for (let i = 0; i < 5; i++)
    patients.push(await createAccount(t, { role: 'patient', displayName: `Audit Canary ${i}` }))
  for (const p of patients.slice(0, 3)) {
    await t.ctx.db
      .insertInto('care_team')
      .values({
        patient_id: p.id,
        clinician_id: clinician.id,
        source: 'assignment',
        created_at: t.clock.now(),
        ends_at: null,
      })
      .execute()
  }
  cookies = {
    clinician: await signIn(t, clinician),
    reception: await signIn(t, reception),
    patient0: await signIn(t, patients[0]!),
  }
})
after(() => t.close())

const get = (url: string, cookie: string) =>
  t.app.inject({ method: 'GET', url, remoteAddress: someAddress(), headers: { ...t.browserHeaders, cookie } })

test('S19: 10,000 mixed requests, each with its event naming the patient and the outcome', async () => {
  const N = Number(process.env['S19_REQUESTS'] ?? 10_000)
  const before = Number(
    (
      await t.ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  const statuses = { success: 0, denied: 0 }
  const batch: Array<Promise<void>> = []
  for (let i = 0; i < N; i++) {
    const who = i % 3 === 0 ? 'clinician' : i % 3 === 1 ? 'reception' : 'patient0'
    const patient = patients[i % patients.length]!
    batch.push(
      get(`/api/patients/${patient.id}`, cookies[who]!).then((res) => {
        statuses[res.statusCode === 200 ? 'success' : 'denied']++
      }),
    )
    if (batch.length === 50) await Promise.all(batch.splice(0))
  }
  await Promise.all(batch)
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select(['patient_id', 'outcome', 'action', 'actor_id'])
    .where('action', '=', 'patient.read')
    .execute()
  const after = Number(
    (
      await t.ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  assert.equal(after - before, N, 'exactly one event per request')
  const byOutcome = (o: string) => rows.filter((r) => r.outcome === o).length
  assert.equal(byOutcome('success') + byOutcome('denied'), N)
  assert.ok(
    rows.every((r) => r.patient_id !== null && r.actor_id !== null),
    'every event names the patient and the actor',
  )
  // What the clients saw and what the trail says agree, outcome by outcome.
  assert.equal(byOutcome('success'), statuses.success)
  assert.equal(byOutcome('denied'), statuses.denied)
  assert.ok(statuses.success > 0 && statuses.denied > 0)
})

test('S20: when the audit write fails, no patient data is sent', async () => {
  let failing = true
  const failAuditInserts: KyselyPlugin = {
    transformQuery(args) {
      const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } }
      if (failing && node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'audit_event') {
        throw new Error('injected audit write fault')
      }
      return args.node
    },
    async transformResult(args) {
      return args.result
    },
  }
  const faulty = await createTestApp({
    database: t.database,
    box: t.ctx.identity.box,
    plugins: [failAuditInserts],
  })
  try {
    // Sign-in is audited too, so it fails closed as well.
    await assert.rejects(signIn(faulty, clinician), /503/)
    failing = false
    faulty.clock.set(t.clock.now())
    const session = await signIn(faulty, clinician)
    failing = true
    let leaked = 0
    for (let i = 0; i < 200; i++) {
      const direct = await faulty.app.inject({
        method: 'GET',
        url: `/api/patients/${patients[i % 3]!.id}`,
        remoteAddress: someAddress(),
        headers: { ...faulty.browserHeaders, cookie: session },
      })
      assert.equal(direct.statusCode, 503)
      if (/Audit Canary|@test\.example/.test(direct.body)) leaked++
    }
    assert.equal(leaked, 0, '0 responses with patient data while the audit trail is down')
    failing = false
    const ok = await faulty.app.inject({
      method: 'GET',
      url: `/api/patients/${patients[0]!.id}`,
      remoteAddress: someAddress(),
      headers: { ...faulty.browserHeaders, cookie: session },
    })
    assert.equal(ok.statusCode, 200, 'service resumes when the trail is back')
  } finally {
    await faulty.app.close()
  }
})

test('the trail is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
  await assert.rejects(
    sql`update audit_event set action = 'x' where id = (select min(id) from audit_event)`.execute(t.ctx.db),
    /append-only/,
  )
  await assert.rejects(
    sql`delete from audit_event where id = (select min(id) from audit_event)`.execute(t.ctx.db),
    /append-only/,
  )
  await assert.rejects(sql`truncate audit_event`.execute(t.ctx.db), /append-only/)
})

test('S4: every event from a signed-in request names its actor; events carry references, never names', async () => {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select(['actor_id', 'body', 'action'])
    .where('action', 'in', ['patient.read', 'patient.search'])
    .execute()
  assert.ok(rows.length > 0)
  assert.ok(rows.every((r) => r.actor_id !== null))
  assert.ok(rows.every((r) => !JSON.stringify(r.body).includes('Audit Canary')))
})
