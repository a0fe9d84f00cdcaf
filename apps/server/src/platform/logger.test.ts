import { test } from 'node:test'
import assert from 'node:assert/strict'
import { captureLogs } from '../testing/log-capture.ts'

test('secrets and personal fields are redacted wherever they appear', () => {
  const { log, text } = captureLogs()
  log.info(
    {
      password: 'hunter2-canary',
      user: { email: 'canary@patient.example', name: 'Canary Person', token: 'tok-canary' },
      headers: { cookie: '__Host-session=cookie-canary', authorization: 'Bearer bearer-canary' },
    },
    'event',
  )
  const out = text()
  for (const canary of [
    'hunter2-canary',
    'canary@patient.example',
    'Canary Person',
    'tok-canary',
    'cookie-canary',
    'bearer-canary',
  ]) {
    assert.ok(!out.includes(canary), `${canary} leaked into the log`)
  }
  assert.match(out, /\[redacted\]/)
})

test('errors keep their message but drop data fields such as a database error detail', () => {
  const { log, text } = captureLogs()
  const err = Object.assign(new Error('duplicate key value violates unique constraint "account_email"'), {
    code: '23505',
    detail: 'Key (lower(email))=(leak@patient.example) already exists.',
  })
  log.error({ err }, 'insert failed')
  const out = text()
  assert.match(out, /duplicate key value/)
  assert.match(out, /23505/)
  assert.ok(!out.includes('leak@patient.example'))
})

test('log injection: a newline in a value cannot forge a second log line', () => {
  const { log, lines } = captureLogs()
  log.info({ reason: 'x"}\n{"level":30,"msg":"forged"' }, 'one line')
  assert.equal(lines.length, 1)
  assert.equal((JSON.parse(lines[0]!) as { msg: string }).msg, 'one line')
})
