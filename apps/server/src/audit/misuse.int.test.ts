// S23: seeded snooping scenarios, each made through the real routes, are 100% flagged by a scan
// at most 15 minutes later; a normal day of care-team work raises nothing; a rescan duplicates
// nothing; the email to the privacy officer names nobody.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { auditHorizonSettled } from '../testing/audit-horizon.ts'
import type { MisuseAlertView } from '@tessera/contracts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { MISUSE_SCAN_QUEUE } from './misuse-scanner.ts'
import {
  caller,
  clockTo,
  createClinic,
  readPatients,
  signIn,
  signInPassword,
  snoopingScenarios,
  wrongTotp,
  type Clinic,
  type Scenario,
} from './misuse-test-kit.ts'

const MIN = 60_000
const SECURITY_CONTACT = 'security-desk@clinic.example'
let t: TestApp
let c: Clinic
let call: ReturnType<typeof caller>

before(async () => {
  t = await createTestApp({
    config: { securityContactEmail: SECURITY_CONTACT, clinicTimeZone: 'Europe/London' },
  })
  c = await createClinic(t)
  call = caller(t)
})
after(() => t.close())

async function alerts(): Promise<Array<{ id: string; rule: string; actor_id: string; detected_at: Date }>> {
  return t.ctx.db
    .selectFrom('misuse_alert')
    .select(['id', 'rule', 'actor_id', 'detected_at'])
    .orderBy('id')
    .execute()
}

/** Moves the fake clock forward to a wall time. */
function at(iso: string): void {
  clockTo(t, iso)
}

test('a normal day of care-team work raises no alert (and builds the baselines)', async () => {
  for (let hour = 0; hour < 5; hour++) {
    at(`2026-03-02T${String(9 + hour).padStart(2, '0')}:00:00Z`)
    const normal = await signIn(t, c.normal)
    assert.equal((await call('GET', '/api/patients', normal)).statusCode, 200)
    assert.deepEqual(new Set(await readPatients(t, normal, c.patients.slice(0, 8), 30_000)), new Set([200]))
    const busy = await signIn(t, c.busy)
    await readPatients(t, busy, c.patients.slice(0, 8), 30_000)
    if (hour < 4) await readPatients(t, await signIn(t, c.quiet), c.patients.slice(hour, hour + 2), 30_000)
    if (hour === 0) await readPatients(t, await signIn(t, c.desk), c.patients.slice(20, 25), 30_000)
    if (hour === 2) {
      // One mistyped code, then the right one: a person, not an attack.
      const partial = await signInPassword(t, c.normal)
      const typo = await call('POST', '/api/auth/mfa/totp', partial, { code: wrongTotp(t, c.normal) })
      assert.equal(typo.statusCode, 400)
    }
  }
  at('2026-03-02T17:00:00Z')
  await auditHorizonSettled(t)
  const first = await t.ctx.misuse.scanOnce()
  assert.ok(first && first.scanned > 100, 'the scan read the day')
  assert.equal(first.raised, 0)
  assert.deepEqual(await alerts(), [])
})

const flagged = new Set<string>()
const scenarios = (): Scenario[] => snoopingScenarios(t, c)

test('every seeded snooping scenario is flagged by a scan at most 15 minutes later', async () => {
  for (const scenario of scenarios()) {
    await scenario.seed()
    const lastEvent = t.clock.now().getTime()
    t.clock.advance(10 * MIN)
    const before = new Set((await alerts()).map((a) => a.id))
    await auditHorizonSettled(t)
    const result = await t.ctx.misuse.scanOnce()
    assert.ok(result, scenario.name)
    const raised = (await alerts()).filter((a) => !before.has(a.id))
    const hit = raised.find((a) => a.rule === scenario.rule && a.actor_id === scenario.actor.id)
    assert.ok(hit, `${scenario.name}: flagged as ${scenario.rule}`)
    assert.ok(hit.detected_at.getTime() - lastEvent <= 15 * MIN, `${scenario.name}: within 15 minutes`)
    flagged.add(scenario.name)
  }
  assert.equal(flagged.size, scenarios().length, '100% of scenarios flagged')

  const expected = scenarios().map((s) => `${s.rule} ${s.actor.id}`)
  const actual = (await alerts()).map((a) => `${a.rule} ${a.actor_id}`)
  assert.deepEqual(
    actual.sort(),
    expected.sort(),
    'no alert for the normal, busy, on-call or front-desk staff',
  )
})

test('the scheduled job scans too, and a rescan from the start duplicates nothing', async () => {
  const pending = await t.ctx.db
    .selectFrom('job')
    .select('run_at')
    .where('queue', '=', MISUSE_SCAN_QUEUE)
    .where('state', '=', 'pending')
    .execute()
  assert.equal(pending.length, 1, 'one scan booked')
  t.clock.advance(2 * MIN)
  await t.deliverMail()
  const done = await t.ctx.db
    .selectFrom('job')
    .select('state')
    .where('queue', '=', MISUSE_SCAN_QUEUE)
    .execute()
  assert.ok(
    done.some((j) => j.state === 'done'),
    'the scan job ran',
  )
  assert.equal(done.filter((j) => j.state === 'pending').length, 1, 'and booked the next minute')

  const ids = (await alerts()).map((a) => a.id)
  await t.ctx.db.updateTable('misuse_scan').set({ horizon_txid: '0' }).execute()
  await auditHorizonSettled(t)
  const rescan = await t.ctx.misuse.scanOnce()
  assert.ok(rescan && rescan.scanned > 300, 'everything read again')
  assert.equal(rescan.raised, 0)
  assert.deepEqual(
    (await alerts()).map((a) => a.id),
    ids,
    'the same alerts, none added',
  )
})

test('the privacy officers and the security contact are emailed, naming no patient and no staff member', async () => {
  await t.deliverMail()
  const mails = t.outbox
    .list()
    .filter((m) => m.subject === 'A possible misuse of patient records was detected')
  for (const to of [c.officer.email, c.exporter.email, SECURITY_CONTACT])
    assert.ok(
      mails.some((m) => m.to === to),
      `${to} was told`,
    )
  const officerMail = mails.find((m) => m.to === c.officer.email)!
  assert.match(officerMail.text, /A possible misuse of patient records was detected\. Sign in to review it\./)
  for (const mail of mails) {
    const text = `${mail.subject}\n${mail.text}`
    for (const person of c.everyone) {
      for (const secret of [person.displayName, person.email, person.id, ...person.displayName.split(' ')])
        assert.ok(!text.includes(secret), `the alert email mentions ${secret}`)
    }
    for (const rule of ['care', 'baseline', 'export', 'night', 'denial'])
      assert.ok(!text.toLowerCase().includes(rule))
  }
  assert.ok(!t.logs.text().includes('Canaryname'), 'no patient name in the logs')
})

test('the privacy officer lists and reviews alerts; the admin may only read them', async () => {
  const officer = await signIn(t, c.officer)
  const list = await call('GET', '/api/alerts?status=open', officer)
  assert.equal(list.statusCode, 200)
  const open = list.json<{ alerts: MisuseAlertView[] }>().alerts
  assert.equal(open.length, scenarios().length)
  const quiet = open.find((a) => a.rule === 'volume-above-baseline')!
  assert.deepEqual(quiet.actor, { id: c.quiet.id, displayName: 'Vera Quietly', role: 'clinician' })
  assert.ok(quiet.patientCount >= 21 && quiet.eventCount >= quiet.patientCount)
  assert.ok(Date.parse(quiet.windowStart) <= Date.parse(quiet.windowEnd))

  const reviewed = await call('PATCH', `/api/alerts/${quiet.id}`, officer, {
    status: 'acknowledged',
    note: 'Asked the clinician; covering a colleague’s list.',
  })
  assert.equal(reviewed.statusCode, 200)
  assert.equal(reviewed.json<MisuseAlertView>().status, 'acknowledged')
  assert.equal(reviewed.json<MisuseAlertView>().reviewedBy, 'Olwen Overseer')
  const stillOpen = (await call('GET', '/api/alerts?status=open', officer)).json<{
    alerts: MisuseAlertView[]
  }>()
  assert.equal(stillOpen.alerts.length, scenarios().length - 1)

  const own = open.find((a) => a.actor?.id === c.exporter.id)!
  const self = await call('PATCH', `/api/alerts/${own.id}`, await signIn(t, c.exporter), {
    status: 'dismissed',
  })
  assert.equal(self.statusCode, 403, 'nobody reviews an alert about themselves')

  const admin = await signIn(t, c.admin)
  assert.equal((await call('GET', '/api/alerts', admin)).statusCode, 200)
  assert.equal((await call('PATCH', `/api/alerts/${own.id}`, admin, { status: 'dismissed' })).statusCode, 403)
  assert.equal((await call('GET', '/api/alerts', await signIn(t, c.normal))).statusCode, 403)

  t.clock.advance(5 * MIN + 1000)
  const stale = await call('PATCH', `/api/alerts/${own.id}`, officer, { status: 'dismissed' })
  assert.equal(stale.statusCode, 403)
  assert.equal(
    stale.json<{ error: { details: Array<{ message: string }> } }>().error.details[0]!.message,
    'step-up-required',
  )
  const audited = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('action', 'in', ['alerts.read', 'alerts.review'])
    .execute()
  assert.ok(
    audited.some((e) => e.action === 'alerts.review') && audited.some((e) => e.action === 'alerts.read'),
  )
})
