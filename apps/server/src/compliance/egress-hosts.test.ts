import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hostAllowed, hostMatches, hostOf, isLoopback } from './egress-hosts.ts'
import { configuredDestinations } from './egress-destinations.ts'
import { loadConfig } from '../platform/config.ts'

test('host patterns: exact names, wildcards for names under a domain, case and trailing dots ignored', () => {
  assert.ok(hostMatches('SMTP.Relay.example.', 'smtp.relay.example'))
  assert.ok(hostMatches('eu.turn.example', '*.turn.example'))
  assert.ok(!hostMatches('turn.example', '*.turn.example'))
  assert.ok(!hostMatches('evilturn.example', '*.turn.example'))
  assert.ok(!hostMatches('smtp.relay.example.evil', 'smtp.relay.example'))
  assert.ok(hostAllowed('[::1]', ['::1']))
  assert.ok(!hostAllowed('attacker.example', []))
})

test('loopback: 127/8, ::1 and localhost only', () => {
  for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '[::1]', 'x.localhost'])
    assert.ok(isLoopback(h), h)
  for (const h of ['10.0.0.1', '169.254.169.254', 'localhost.example', '::2']) assert.ok(!isLoopback(h), h)
})

test('hostOf: URLs and host:port', () => {
  assert.equal(hostOf('https://login.example.org/realms/x'), 'login.example.org')
  assert.equal(hostOf('clamd.internal:3310'), 'clamd.internal')
  assert.equal(hostOf('[::1]:3310'), '::1')
})

test('configured destinations: every outbound setting, with its host', () => {
  const config = loadConfig({
    env: {},
    configFile: '/nonexistent/tessera.config.json',
    overrides: {
      smtpHost: 'smtp.relay.example',
      turnUrls: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      oidcIssuer: 'https://login.example.org/realms/clinic',
      oidcClientId: 'tessera',
      oidcClientSecret: 'secret',
      auditAnchorUrl: 'https://witness.example.net/anchor',
      clamd: '127.0.0.1:3310',
    },
  })
  assert.deepEqual(
    configuredDestinations(config).map((d) => [d.kind, d.host, d.loopback]),
    [
      ['SMTP relay', 'smtp.relay.example', false],
      ['TURN relay', 'turn.example.org', false],
      ['OpenID provider', 'login.example.org', false],
      ['audit anchor', 'witness.example.net', false],
      ['virus scanner', '127.0.0.1', true],
    ],
  )
})
