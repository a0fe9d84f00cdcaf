import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EMAIL_CODE_MAX_ATTEMPTS, EMAIL_CODE_TTL_MS, issueEmailCode, verifyEmailCode } from './email-code.ts'
import type { EmailCodeState } from './email-code.ts'

const t0 = new Date('2025-03-03T10:00:00Z')
const later = (ms: number): Date => new Date(t0.getTime() + ms)

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0')
}

void test('a code is 6 digits, valid 10 minutes, and only its hash is in the state', () => {
  const { code, state } = issueEmailCode(t0)
  assert.match(code, /^\d{6}$/)
  assert.equal(state.expiresAt.getTime() - t0.getTime(), 10 * 60 * 1000)
  assert.equal(EMAIL_CODE_TTL_MS, 600_000)
  assert.equal(state.attempts, 0)
  assert.match(state.codeHash, /^[0-9a-f]{64}$/)
  assert.notEqual(state.codeHash, code)
})

void test('codes keep leading zeros and spread over the whole range', () => {
  const codes = Array.from({ length: 2000 }, () => issueEmailCode(t0).code)
  assert.ok(codes.every((c) => /^\d{6}$/.test(c)))
  assert.ok(new Set(codes).size > 1990, 'collisions should be rare in a million')
  for (const digit of '0123456789')
    assert.ok(
      codes.some((c) => c.startsWith(digit)),
      `leading ${digit}`,
    )
})

void test('the right code works once', () => {
  const { code, state } = issueEmailCode(t0)
  const first = verifyEmailCode(state, code, later(1000))
  assert.equal(first.outcome, 'ok')
  assert.equal(first.state.consumed, true)
  const again = verifyEmailCode(first.state, code, later(2000))
  assert.equal(again.outcome, 'used')
})

void test('spaces in what the user typed are ignored', () => {
  const { code, state } = issueEmailCode(t0)
  assert.equal(verifyEmailCode(state, ` ${code.slice(0, 3)} ${code.slice(3)} `, t0).outcome, 'ok')
})

void test('4 wrong tries then the right one still works (5 tries in all)', () => {
  const issued = issueEmailCode(t0)
  let state: EmailCodeState = issued.state
  for (let i = 1; i <= 4; i += 1) {
    const r = verifyEmailCode(state, wrongCode(issued.code), later(i))
    assert.equal(r.outcome, 'invalid')
    assert.equal(r.remainingAttempts, EMAIL_CODE_MAX_ATTEMPTS - i)
    state = r.state
  }
  assert.equal(verifyEmailCode(state, issued.code, later(10)).outcome, 'ok')
})

void test('after 5 wrong tries even the right code is refused', () => {
  const issued = issueEmailCode(t0)
  let state: EmailCodeState = issued.state
  const outcomes: string[] = []
  for (let i = 1; i <= 5; i += 1) {
    const r = verifyEmailCode(state, wrongCode(issued.code), later(i))
    outcomes.push(r.outcome)
    state = r.state
  }
  assert.deepEqual(outcomes, ['invalid', 'invalid', 'invalid', 'invalid', 'locked'])
  assert.equal(state.attempts, 5)
  const last = verifyEmailCode(state, issued.code, later(10))
  assert.equal(last.outcome, 'locked')
  assert.equal(last.state.attempts, 5, 'a locked code does not count further tries')
})

void test('malformed input counts as a try', () => {
  const { state } = issueEmailCode(t0)
  const r = verifyEmailCode(state, 'abcdef', t0)
  assert.equal(r.outcome, 'invalid')
  assert.equal(r.state.attempts, 1)
  assert.equal(verifyEmailCode(state, '', t0).state.attempts, 1)
})

void test('the code expires at exactly 10 minutes', () => {
  const { code, state } = issueEmailCode(t0)
  assert.equal(verifyEmailCode(state, code, later(EMAIL_CODE_TTL_MS - 1)).outcome, 'ok')
  const expired = verifyEmailCode(state, code, later(EMAIL_CODE_TTL_MS))
  assert.equal(expired.outcome, 'expired')
  assert.equal(expired.state.attempts, 0)
})

void test('verification is pure: the input state is never modified', () => {
  const { code, state } = issueEmailCode(t0)
  const before = structuredClone(state)
  verifyEmailCode(state, wrongCode(code), t0)
  verifyEmailCode(state, code, t0)
  assert.deepEqual(state, before)
})

void test('a code issued for one request does not open another', () => {
  const a = issueEmailCode(t0)
  let b = issueEmailCode(t0)
  while (b.code === a.code) b = issueEmailCode(t0)
  assert.equal(verifyEmailCode(b.state, a.code, t0).outcome, 'invalid')
})
