// The compliance centre end to end: the processors register (admin only, audited, clear 400s), the
// egress guard (a blocked destination fails, is logged by host only and audited; a registered one
// works), the checklist route, and `tessera compliance check --json`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ComplianceReport, ProcessorView } from '@tessera/contracts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn } from '../testing/accounts.ts'
import { runTessera } from '../testing/spawn-tessera.ts'
import { startSmtp, testSmtpConfig } from '../platform/mail/smtp-test-server.ts'
import { createSmtpTransport } from '../platform/mail/smtp-transport.ts'
import { ClamdScanner } from '../vault/documents/scanner/clamd-scanner.ts'
import { EgressBlocked, EgressGuard } from './egress-guard.ts'
import { guardedMailTransport } from './guarded-mail-transport.ts'

const RELAY = {
  name: 'Riverside mail relay',
  purpose: 'Sends sign-in codes and appointment reminders by email',
  dataCategories: ['email addresses'],
  region: 'UK',
  agreementSigned: true,
  agreementExpiresOn: '2099-12-31',
  hosts: ['127.0.0.1'],
}

async function auditedActions(t: TestApp, action: string): Promise<{ body: string }[]> {
  const read = async () =>
    (await t.ctx.db.selectFrom('audit_event').select('body').where('action', '=', action).execute()).map(
      (r) => ({
        body: JSON.stringify(r.body),
      }),
    )
  const until = Date.now() + 10_000
  for (;;) {
    await t.ctx.audit.drain()
    const rows = await read()
    if (rows.length > 0 || Date.now() > until) return rows
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('compliance centre', () => {
  let t: TestApp
  let admin: string
  let officer: string
  let clinician: string

  before(async () => {
    t = await createTestApp()
    admin = await signIn(t, await createAccount(t, { role: 'admin' }))
    officer = await signIn(t, await createAccount(t, { role: 'privacy-officer' }))
    clinician = await signIn(t, await createAccount(t, { role: 'clinician' }))
  })
  after(() => t.close())

  const call = (cookie: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { ...t.browserHeaders, cookie }, ...(payload ? { payload } : {}) })

  test('processors register: the admin creates, edits and removes; audited; others may not change it', async () => {
    const created = await call(admin, 'POST', '/api/admin/processors', {
      ...RELAY,
      name: 'Witness Ltd',
      hosts: ['Witness.Example'],
    })
    assert.equal(created.statusCode, 201, created.body)
    const p = created.json<ProcessorView>()
    assert.deepEqual(p.hosts, ['witness.example'])

    const updated = await call(admin, 'PUT', `/api/admin/processors/${p.id}`, {
      ...RELAY,
      name: 'Witness Ltd',
      hosts: ['*.witness.example'],
      agreementSigned: false,
    })
    assert.equal(updated.statusCode, 200, updated.body)
    assert.equal(updated.json<ProcessorView>().agreementSigned, false)

    assert.equal((await call(officer, 'GET', '/api/admin/processors')).statusCode, 200)
    assert.equal((await call(officer, 'POST', '/api/admin/processors', RELAY)).statusCode, 403)
    assert.equal((await call(clinician, 'GET', '/api/admin/processors')).statusCode, 403)

    const dup = await call(admin, 'POST', '/api/admin/processors', { ...RELAY, name: 'witness ltd' })
    assert.equal(dup.statusCode, 409)
    const bad = await call(admin, 'POST', '/api/admin/processors', {
      ...RELAY,
      hosts: ['https://x.example/path'],
    })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /hosts/)
    const unknown = await call(admin, 'POST', '/api/admin/processors', { ...RELAY, extra: 1 })
    assert.equal(unknown.statusCode, 400)

    const removed = await call(admin, 'DELETE', `/api/admin/processors/${p.id}`)
    assert.equal(removed.statusCode, 200)
    assert.equal((await call(admin, 'DELETE', `/api/admin/processors/${p.id}`)).statusCode, 404)
    for (const action of [
      'compliance.processor-create',
      'compliance.processor-update',
      'compliance.processor-delete',
    ]) {
      assert.ok((await auditedActions(t, action)).length > 0, action)
    }
  })

  test('egress: SMTP to an unregistered relay is blocked, logged by host and audited; once registered it delivers', async () => {
    const smtp = await startSmtp()
    // Loopback is normally always allowed; turned off here so a local relay stands for an outside one.
    const guard = new EgressGuard({
      registeredHosts: () => t.ctx.compliance.processors.hosts(),
      infrastructureHosts: [],
      log: t.logs.log,
      audit: t.ctx.audit,
      allowLoopback: false,
      maxAgeMs: 0,
    })
    const transport = guardedMailTransport(createSmtpTransport(testSmtpConfig(smtp.port)), guard, '127.0.0.1')
    const mail = {
      to: 'patient@example.org',
      subject: 'Sign in',
      text: 'You have a new message. Sign in to read it.',
      category: 'notification',
    } as const
    try {
      const blocked = await transport.send(mail)
      assert.deepEqual(blocked, {
        ok: false,
        error: 'mail relay not in the processors register (EEGRESS)',
        retryable: false,
      })
      assert.equal(smtp.received.length, 0, 'nothing reached the relay')
      const events = await auditedActions(t, 'egress.blocked')
      assert.ok(events.some((e) => e.body.includes('urn:tessera:host:127.0.0.1') && e.body.includes('smtp')))
      const line = t.logs.lines.find((l) => l.includes('outbound connection blocked'))
      assert.ok(line)
      assert.match(line, /"egressHost":"127.0.0.1"/)
      assert.doesNotMatch(t.logs.text(), /patient@example\.org/)

      const created = await call(admin, 'POST', '/api/admin/processors', RELAY)
      assert.equal(created.statusCode, 201, created.body)
      const sent = await transport.send(mail)
      assert.equal(sent.ok, true, JSON.stringify(sent))
      assert.equal(smtp.received.length, 1)
    } finally {
      await smtp.close()
    }
  })

  test("egress: the server's own clients (audit anchor fetch, clamd) refuse an unregistered host", async () => {
    const before = (await auditedActions(t, 'egress.blocked')).length
    await assert.rejects(
      t.ctx.egress.fetch('audit-anchor')('https://witness.unregistered.example/anchor', { method: 'POST' }),
      EgressBlocked,
    )
    const scanner = new ClamdScanner({ host: 'clamd.unregistered.example', port: 3310 }, 1000, t.ctx.egress)
    await t.ctx.egress.refresh()
    const tap = scanner.tap()
    const failed = new Promise<Error>((resolve) => tap.on('error', resolve))
    tap.end(Buffer.from('file'))
    assert.match((await failed).message, /virus scanner is not responding/)
    const until = Date.now() + 10_000
    while ((await auditedActions(t, 'egress.blocked')).length < before + 2 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 50))
    }
    const bodies = (await auditedActions(t, 'egress.blocked')).map((e) => e.body).join('\n')
    assert.match(bodies, /witness\.unregistered\.example/)
    assert.match(bodies, /clamd\.unregistered\.example/)
    // A loopback destination is always allowed (the embedded database, a local relay).
    assert.equal(t.ctx.egress.allowsNow('127.0.0.1'), true)
  })

  test('the checklist: admin and privacy officer see every check with evidence; others may not', async () => {
    const res = await call(officer, 'GET', '/api/admin/compliance')
    assert.equal(res.statusCode, 200, res.body)
    const report = res.json<ComplianceReport>()
    const ids = report.checks.map((c) => c.id)
    assert.deepEqual(ids, [
      'mfa',
      'consults-linked',
      'direct-uploads',
      'audit-chain',
      'ai-features',
      'tls',
      'session-timeouts',
      'master-key-age',
      'backups',
      'retention',
      'processor-agreements',
      'egress',
    ])
    const byId = new Map(report.checks.map((c) => [c.id, c]))
    assert.match(byId.get('mfa')!.evidence, /Clinicians: 1 of 1 enrolled \(100%\)/)
    assert.equal(byId.get('audit-chain')!.status, 'pass')
    assert.match(byId.get('ai-features')!.evidence, /^None\./)
    assert.equal((await call(clinician, 'GET', '/api/admin/compliance')).statusCode, 403)
    assert.ok((await auditedActions(t, 'compliance.check')).length > 0)
  })
})

test('tessera compliance check --json: the same checks; exit 1 when one fails', async () => {
  const data = mkdtempSync(join(tmpdir(), 'tessera-compliance-'))
  const env = {
    TEST_DATABASE_URL: undefined,
    DATABASE_URL: undefined,
    SMTP_HOST: 'smtp.unregistered.example',
    TESSERA_PUBLIC_URL: 'https://clinic.example.org',
  }
  const { code, output } = await runTessera(['compliance', 'check', '--json', '--data', data], env)
  const report = JSON.parse(output.slice(output.indexOf('{'))) as ComplianceReport
  const egress = report.checks.find((c) => c.id === 'egress')!
  assert.equal(egress.status, 'fail')
  assert.match(egress.evidence, /smtp\.unregistered\.example \(SMTP_HOST\)/)
  assert.equal(report.checks.find((c) => c.id === 'tls')!.status, 'pass')
  assert.equal(code, 1)
})
