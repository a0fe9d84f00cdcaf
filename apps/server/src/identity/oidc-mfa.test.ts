// What a provider's sign-in is worth: only two kinds of factor, or "mfa", or an acr the admin names.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isMultiFactor, sessionGrantFor } from './oidc-mfa.ts'

test('amr values that count as multi-factor (RFC 8176)', () => {
  for (const amr of [
    ['mfa'],
    ['pwd', 'otp'],
    ['pwd', 'hwk'],
    ['pin', 'swk'],
    ['kba', 'sms'],
    ['hwk', 'fpt'],
    ['sc', 'pin'],
    ['face', 'swk', 'user'],
  ]) {
    assert.equal(isMultiFactor({ amr }), true, amr.join('+'))
  }
})

test('amr values that do not: one kind of factor, non-factors, biometrics alone, junk', () => {
  for (const amr of [
    [],
    ['pwd'],
    ['otp'],
    ['pwd', 'pin', 'kba'],
    ['otp', 'sms', 'hwk'],
    ['fpt', 'face'],
    ['pwd', 'fpt'],
    ['pwd', 'mca', 'rba', 'geo', 'wia', 'user'],
    ['MFA'],
    ['pwd otp'],
  ]) {
    assert.equal(isMultiFactor({ amr }), false, amr.join('+') || '(empty)')
  }
  for (const amr of [undefined, null, 'mfa', { mfa: true }, [1, 2], [['mfa']]]) {
    assert.equal(isMultiFactor({ amr }), false, JSON.stringify(amr))
  }
})

test('an acr counts only when the administrator named it', () => {
  const acr = 'https://idp.example/loa/mfa'
  assert.equal(isMultiFactor({ acr, amr: ['pwd'] }), false)
  assert.equal(isMultiFactor({ acr, amr: ['pwd'] }, [acr]), true)
  assert.equal(isMultiFactor({ acr: 'https://idp.example/loa/pwd' }, [acr]), false)
})

test('the session: partial with oidc, or full with oidc-mfa dated by auth_time', () => {
  const now = new Date('2026-03-02T09:00:00Z')
  assert.deepEqual(sessionGrantFor({ amr: ['pwd'] }, now), {
    level: 'partial',
    methods: ['oidc'],
    mfaAt: null,
  })
  const earlier = now.getTime() / 1000 - 3600
  assert.deepEqual(sessionGrantFor({ amr: ['mfa'], auth_time: earlier }, now), {
    level: 'full',
    methods: ['oidc-mfa'],
    mfaAt: new Date(earlier * 1000),
  })
  // A provider clock ahead of ours never dates the factor in the future; no auth_time, no date.
  assert.deepEqual(sessionGrantFor({ amr: ['mfa'], auth_time: earlier + 7200 }, now).mfaAt, now)
  assert.equal(sessionGrantFor({ amr: ['mfa'] }, now).mfaAt, null)
  assert.equal(sessionGrantFor({ amr: ['mfa'], auth_time: '123' }, now).mfaAt, null)
})
