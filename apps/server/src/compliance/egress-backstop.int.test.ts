// The process-level egress backstop (S39): with it installed, a raw socket and a plain fetch() to a
// host outside the register fail and are audited; the same host once registered works; uninstalling
// restores the original connect. A local server on 127.0.0.2 stands for an outside host: loopback is
// turned off for this guard (only 127.0.0.1, where the test database may be, stays allowed).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { EgressGuard } from './egress-guard.ts'
import { connectDestination, egressBackstopInstalled, installEgressBackstop } from './egress-backstop.ts'

const OUTSIDE = '127.0.0.2'

async function blockedEvents(t: TestApp): Promise<string[]> {
  await t.ctx.audit.drain()
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('body')
    .where('action', '=', 'egress.blocked')
    .execute()
  return rows.map((r) => JSON.stringify(r.body))
}

async function waitForEvents(t: TestApp, n: number): Promise<string[]> {
  const until = Date.now() + 10_000
  for (;;) {
    const events = await blockedEvents(t)
    if (events.length >= n || Date.now() > until) return events
    await new Promise((r) => setTimeout(r, 50))
  }
}

function rawConnect(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, OUTSIDE)
    let data = ''
    socket.on('data', (chunk) => (data += chunk.toString()))
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}

test('connectDestination reads every form of Socket#connect', () => {
  assert.equal(connectDestination([{ host: 'a.example', port: 1 }]), 'a.example')
  assert.equal(connectDestination([[{ host: 'b.example', port: 1 }, null]]), 'b.example')
  assert.equal(connectDestination([25, 'c.example']), 'c.example')
  assert.equal(connectDestination(['25', 'c.example']), 'c.example')
  assert.equal(connectDestination([25]), 'localhost')
  assert.equal(connectDestination([{ port: 25 }]), 'localhost')
  assert.equal(connectDestination([{ path: '/run/x.sock' }]), null)
  assert.equal(connectDestination(['/run/x.sock']), null)
})

describe('egress backstop', () => {
  let t: TestApp
  let tcp: net.Server
  let web: http.Server
  let uninstall: () => void = () => {}
  let guard: EgressGuard

  before(async () => {
    t = await createTestApp()
    tcp = net.createServer((s) => s.end('hello from outside'))
    web = http.createServer((_req, res) => res.end('web from outside'))
    await new Promise<void>((r) => tcp.listen(0, OUTSIDE, r))
    await new Promise<void>((r) => web.listen(0, OUTSIDE, r))
    guard = new EgressGuard({
      registeredHosts: () => t.ctx.compliance.processors.hosts(),
      infrastructureHosts: ['127.0.0.1'],
      log: t.logs.log,
      audit: t.ctx.audit,
      allowLoopback: false,
      maxAgeMs: 0,
    })
    await guard.refresh()
    uninstall = installEgressBackstop(guard)
  })
  after(async () => {
    uninstall()
    await new Promise((r) => tcp.close(r))
    web.closeAllConnections()
    await new Promise((r) => web.close(r))
    await t.close()
  })

  test('a raw net.connect and a plain fetch() to an unregistered host fail, logged by host and audited', async () => {
    const tcpPort = (tcp.address() as AddressInfo).port
    const webPort = (web.address() as AddressInfo).port
    await assert.rejects(rawConnect(tcpPort), (err: Error) => err.name === 'EgressBlocked')
    await assert.rejects(fetch(`http://${OUTSIDE}:${webPort}/patient?name=Smith`), (err: Error) => {
      assert.equal((err.cause as Error | undefined)?.name, 'EgressBlocked')
      return true
    })
    const events = await waitForEvents(t, 2)
    assert.ok(events.length >= 2, 'both attempts audited')
    assert.ok(events.every((e) => e.includes(`urn:tessera:host:${OUTSIDE}`) && e.includes('other')))
    assert.match(t.logs.text(), /"egressHost":"127\.0\.0\.2"/)
    // Host only: never the path or the query the request carried.
    assert.doesNotMatch(t.logs.text(), /Smith/)
    assert.doesNotMatch(events.join('\n'), /Smith/)
  })

  test('once the host is registered, the same raw socket and fetch() work', async () => {
    await t.ctx.compliance.processors.create({
      name: 'Outside service',
      purpose: 'Stands for an outside service',
      dataCategories: [],
      region: 'UK',
      agreementSigned: true,
      hosts: [OUTSIDE],
    })
    // The server's own guard reloads on a change (compliance-module); this test's guard is its own.
    await guard.refresh()
    assert.equal(await rawConnect((tcp.address() as AddressInfo).port), 'hello from outside')
    const res = await fetch(`http://${OUTSIDE}:${(web.address() as AddressInfo).port}/`)
    assert.equal(await res.text(), 'web from outside')
    // The test database (PGlite in process, or PostgreSQL on 127.0.0.1) kept working throughout.
    assert.ok((await t.ctx.compliance.processors.list()).length >= 1)
  })

  test('uninstalling restores the original connect', async () => {
    uninstall()
    uninstall = () => {}
    assert.equal(egressBackstopInstalled(), false)
    await t.ctx.db.deleteFrom('processor').execute()
    assert.equal(await rawConnect((tcp.address() as AddressInfo).port), 'hello from outside')
  })
})
