// S22: the trail is tamper-evident. Seal real traffic, then attack the database as someone with
// full access would: edit an event; edit it and recompute its hash; delete an event and rebuild
// every checkpoint with the signing key. Each is detected, the last only through the anchor.
import { beforeEach, afterEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, someAddress } from '../testing/accounts.ts'
import { verifyAuditTrail } from './verify.ts'
import { auditHorizonSettled } from '../testing/audit-horizon.ts'
import { readAnchorFile, type FileAnchor } from './anchor.ts'
import { canonicalJson, type Json } from './canonical-json.ts'
import { leafHash, merkleRoot } from './merkle.ts'
import { checkpointHash, GENESIS_HASH } from './checkpoint.ts'
import { currentSigningKey } from './signing-key.ts'

let t: TestApp

/** Some real, audited traffic sealed into several checkpoints. */
async function traffic(): Promise<void> {
  const clinician = await createAccount(t, { role: 'clinician' })
  const patient = await createAccount(t, { role: 'patient' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
      ends_at: null,
    })
    .execute()
  const cookie = await signIn(t, clinician)
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20; i++) {
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patient.id}`,
        remoteAddress: someAddress(),
        headers: { ...t.browserHeaders, cookie },
      })
    }
    await auditHorizonSettled(t)
    await t.ctx.sealer.sealOnce()
  }
}

// The triggers keep the application from changing the trail; an attacker with the database owner's
// rights switches them off first, as these tests do.
async function asAttacker(work: () => Promise<void>): Promise<void> {
  await sql`alter table audit_event disable trigger user`.execute(t.ctx.db)
  await sql`alter table audit_checkpoint disable trigger user`.execute(t.ctx.db)
  try {
    await work()
  } finally {
    await sql`alter table audit_event enable trigger user`.execute(t.ctx.db)
    await sql`alter table audit_checkpoint enable trigger user`.execute(t.ctx.db)
  }
}

const anchorOf = async () => readAnchorFile((t.ctx.anchor as FileAnchor).path)

beforeEach(async () => {
  t = await createTestApp()
  await traffic()
})
afterEach(() => t.close())

test('an untouched trail verifies: every event re-hashed, every root rebuilt, chain, signatures and anchor', async () => {
  const report = await verifyAuditTrail(t.ctx.db, await anchorOf())
  assert.deepEqual(report.problems, [])
  assert.ok(report.ok)
  assert.ok(report.events >= 60)
  assert.ok(report.checkpoints >= 3)
  assert.equal(report.anchorEntries, report.checkpoints)
})

test('edit: changing an event body is caught, with its id', async () => {
  const victim = await t.ctx.db
    .selectFrom('audit_event')
    .select('id')
    .where('action', '=', 'patient.read')
    .orderBy('id')
    .offset(5)
    .limit(1)
    .executeTakeFirstOrThrow()
  await asAttacker(async () => {
    await sql`update audit_event set body = jsonb_set(body, '{outcome}', '"4"') where id = ${victim.id}`.execute(
      t.ctx.db,
    )
  })
  const report = await verifyAuditTrail(t.ctx.db, await anchorOf())
  assert.equal(report.ok, false)
  assert.equal(report.firstBadEventId, victim.id)
})

test('edit and re-hash: the leaf matches but the sealed root does not', async () => {
  const victim = await t.ctx.db
    .selectFrom('audit_event')
    .select(['id', 'body'])
    .where('action', '=', 'patient.read')
    .orderBy('id')
    .offset(7)
    .limit(1)
    .executeTakeFirstOrThrow()
  const forged = { ...(victim.body as Record<string, Json>), outcome: '4' }
  await asAttacker(async () => {
    await sql`update audit_event set body = ${JSON.stringify(forged)}::jsonb, leaf_hash = ${leafHash(canonicalJson(forged))} where id = ${victim.id}`.execute(
      t.ctx.db,
    )
  })
  const report = await verifyAuditTrail(t.ctx.db)
  assert.equal(report.ok, false)
  assert.ok(report.problems.some((p) => p.kind === 'root'))
  assert.ok(
    !report.problems.some((p) => p.kind === 'leaf'),
    'the leaf itself looks fine: only the root gives it away',
  )
})

test('delete and rebuild every checkpoint with the key: internally consistent, caught by the anchor', async () => {
  const victim = await t.ctx.db
    .selectFrom('audit_event')
    .select('id')
    .where('action', '=', 'patient.read')
    .orderBy('id')
    .offset(3)
    .limit(1)
    .executeTakeFirstOrThrow()
  const key = await currentSigningKey(t.ctx.db, t.ctx.identity.box, t.clock)
  await asAttacker(async () => {
    await sql`delete from audit_event where id = ${victim.id}`.execute(t.ctx.db)
    const checkpoints = await t.ctx.db.selectFrom('audit_checkpoint').selectAll().orderBy('id').execute()
    let previous: Uint8Array = GENESIS_HASH
    for (const c of checkpoints) {
      const events = await sql<{
        body: Json
        id: string
      }>`select id, body from audit_event where txid >= ${c.from_txid}::xid8 and txid < ${c.to_txid}::xid8 order by id`.execute(
        t.ctx.db,
      )
      const fields = {
        fromTxid: c.from_txid,
        toTxid: c.to_txid,
        firstEventId: events.rows[0]?.id ?? null,
        lastEventId: events.rows.at(-1)?.id ?? null,
        treeSize: events.rows.length,
        merkleRoot: merkleRoot(events.rows.map((e) => leafHash(canonicalJson(e.body)))),
        previousHash: previous,
        keyVersion: c.key_version,
        sealedAt: c.sealed_at,
      }
      const hash = checkpointHash(fields)
      await sql`update audit_checkpoint set first_event_id = ${fields.firstEventId}, last_event_id = ${fields.lastEventId},
        tree_size = ${fields.treeSize}, merkle_root = ${fields.merkleRoot}, previous_hash = ${Buffer.from(previous)},
        checkpoint_hash = ${hash}, signature = ${key.sign(hash)} where id = ${c.id}`.execute(t.ctx.db)
      previous = hash
    }
  })
  const internal = await verifyAuditTrail(t.ctx.db)
  assert.ok(
    internal.ok,
    `without the anchor the rebuilt trail passes every internal check: ${JSON.stringify(internal.problems)}`,
  )
  const anchored = await verifyAuditTrail(t.ctx.db, await anchorOf())
  assert.equal(anchored.ok, false)
  assert.ok(anchored.problems.some((p) => p.kind === 'anchor'))
})

test(
  'sealing by transaction horizon: an event committed late is sealed in a later batch, never skipped',
  { skip: t_isEmbedded() && 'needs concurrent connections (PostgreSQL server)' },
  async () => {
    const writer = t.ctx.audit
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    // A transaction takes an id for its event, then stays open while others commit and a seal runs.
    const late = t.ctx.db.transaction().execute(async (tx) => {
      await writer.record([{ action: 'test.late', outcome: 'success', actorId: null, actorRole: 'test' }], tx)
      await held
    })
    await new Promise((r) => setTimeout(r, 50))
    await writer.record([{ action: 'test.early', outcome: 'success', actorId: null, actorRole: 'test' }])
    await t.ctx.sealer.sealOnce()
    const mid = await verifyAuditTrail(t.ctx.db)
    assert.ok(mid.ok)
    assert.ok(mid.unsealed >= 1, 'the open transaction holds back the horizon')
    release()
    await late
    await t.ctx.sealer.sealOnce()
    const end = await verifyAuditTrail(t.ctx.db, await anchorOf())
    assert.deepEqual(end.problems, [])
    assert.equal(end.unsealed, 0, 'the late event was sealed, not skipped')
  },
)

function t_isEmbedded(): boolean {
  return !process.env['TEST_DATABASE_URL']
}
