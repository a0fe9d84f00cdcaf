import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dictionary } from '@zxcvbn-ts/language-common'
import { hashPassword, verifyPassword } from './password-hash.ts'
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  countCodePoints,
  createPasswordPolicy,
} from './password-policy.ts'

const policy = createPasswordPolicy()
const ranked = dictionary['passwords-common']

// A password of exactly n code points with no pattern and no dictionary word.
function passwordOf(n: number): string {
  const pool = 'k7#Vq2!mZx9$Lp4&Rb8@Hn3%Tc6*Wf5?Dj'
  let out = ''
  for (let i = 0; i < n; i += 1) out += pool[(i * 7 + Math.floor(i / pool.length)) % pool.length]
  return out
}

void test('S9 length: 11 rejected, 12 accepted, 128 accepted, 129 rejected', async () => {
  assert.equal(PASSWORD_MIN_LENGTH, 12)
  assert.equal(PASSWORD_MAX_LENGTH, 128)
  const eleven = await policy.check(passwordOf(11))
  assert.deepEqual(eleven, {
    ok: false,
    reason: 'too-short',
    message:
      'Use at least 12 characters. A few unrelated words make a long password that is easy to remember.',
  })
  assert.deepEqual(await policy.check(passwordOf(12)), { ok: true })
  assert.deepEqual(await policy.check(passwordOf(128)), { ok: true })
  const long = await policy.check(passwordOf(129))
  assert.equal(long.ok, false)
  assert.equal(!long.ok && long.reason, 'too-long')
  assert.equal(!long.ok && long.message, 'Use at most 128 characters.')
})

void test('length counts code points after NFC: an emoji or an accented letter is one character', async () => {
  const emoji = '🦊🌲🔑🚲🎻🧭🪁'
  const emojiPassword = (n: number): string => Array.from({ length: n }, (_, i) => [...emoji][i % 7]).join('')
  assert.equal(emojiPassword(12).length, 24, '24 UTF-16 units')
  assert.deepEqual(await policy.check(emojiPassword(12)), { ok: true })
  assert.equal((await policy.check(emojiPassword(11))).ok, false)
  assert.deepEqual(await policy.check(emojiPassword(128)), { ok: true })
  assert.equal((await policy.check(emojiPassword(129))).ok, false)

  // "é" typed as e + combining accent: 22 code points before NFC, 11 after, so too short.
  const decomposed = 'cafe\u0301-re\u0301sume\u0301s'.normalize('NFD')
  assert.equal(countCodePoints(decomposed), 15)
  assert.equal(countCodePoints(decomposed.normalize('NFC')), 12)
  assert.deepEqual(await policy.check(decomposed), { ok: true })
  const elevenAfterNfc = 'e\u0301a\u0301o\u0301u\u0301i\u0301e\u0301a\u0301o\u0301u\u0301i\u0301x'
  assert.equal(countCodePoints(elevenAfterNfc), 21)
  const r = await policy.check(elevenAfterNfc)
  assert.equal(!r.ok && r.reason, 'too-short')
})

void test('a huge input is refused as too long without normalising it', async () => {
  const started = performance.now()
  const r = await policy.check('x'.repeat(5_000_000))
  assert.equal(!r.ok && r.reason, 'too-long')
  assert.ok(performance.now() - started < 500)
})

void test('S9 figure: the top 10,000 of the shipped breached-password list are 100% rejected', async () => {
  assert.ok(ranked.length >= 10_000)
  const top = ranked.slice(0, 10_000)
  let rejected = 0
  let rejectedAsCommon = 0
  for (const password of top) {
    const r = await policy.check(password)
    if (!r.ok) rejected += 1
    if (countCodePoints(password) >= PASSWORD_MIN_LENGTH) {
      // Long enough to pass the length rule: the list itself must catch these.
      assert.equal(!r.ok && r.reason, 'common', password)
      rejectedAsCommon += 1
    }
  }
  assert.equal(rejected, 10_000)
  assert.ok(rejectedAsCommon > 0)
})

void test('every entry of the list long enough to pass the length rule is rejected, in any case', async () => {
  const long = ranked.filter((p) => countCodePoints(p) >= PASSWORD_MIN_LENGTH && countCodePoints(p) <= 128)
  assert.ok(long.length > 300, `${long.length} long entries`)
  for (const password of long) {
    for (const variant of [password, password.toUpperCase()]) {
      const r = await policy.check(variant)
      assert.equal(!r.ok && r.reason, 'common', variant)
    }
  }
  for (const known of ['qwerty123456', 'Qwerty123456', '1q2w3e4r5t6y', 'leavemealone']) {
    const r = await policy.check(known)
    assert.equal(!r.ok && r.reason, 'common', known)
  }
})

void test('repetitive and sequential passwords count as common (NIST 800-63B 5.1.1.2)', async () => {
  for (const weak of [
    'aaaaaaaaaaaa',
    'abababababab',
    'abcabcabcabcabc',
    'abcdefghijklm',
    'zyxwvutsrqpo',
    '!!!!!!!!!!!!!',
  ]) {
    const r = await policy.check(weak)
    assert.equal(!r.ok && r.reason, 'common', weak)
  }
})

void test('the email local part may not appear in the password', async () => {
  const email = 'Jane.Doe+clinic@example.com'
  for (const pw of [
    'jane.doe+clinic',
    'my-jane.doe-password',
    'JANE.DOE rules 2025',
    'x jane.doe+clinic x',
  ]) {
    const r = await policy.check(pw.padEnd(12, '#'), { email })
    assert.deepEqual(r, {
      ok: false,
      reason: 'contains-email',
      message: 'Do not use your email address, or the part before the @, in your password.',
    })
  }
  assert.deepEqual(await policy.check('purple-kettle-morning', { email }), { ok: true })
  // A two-letter local part is not searched for: it would refuse ordinary passwords for nothing.
  assert.deepEqual(await policy.check('jolly-kettle-barn', { email: 'jo@example.com' }), { ok: true })
})

void test('the list is loaded lazily, once per policy; a failed load fails closed and is retried', async () => {
  let loads = 0
  let fail = true
  const lazy = createPasswordPolicy({
    loadCommonList: () => {
      loads += 1
      return fail ? Promise.reject(new Error('disk error')) : Promise.resolve(['correct horse battery'])
    },
  })
  assert.equal(loads, 0, 'nothing loaded at creation')
  await assert.rejects(lazy.check('purple-kettle-morning'), /disk error/)
  fail = false
  const r = await lazy.check('Correct Horse Battery')
  assert.equal(!r.ok && r.reason, 'common')
  assert.deepEqual(await lazy.check('purple-kettle-morning'), { ok: true })
  assert.equal(loads, 2)
})

void test('no truncation: a 128-character password hashes and verifies; changing its 128th character fails', async () => {
  const password = passwordOf(128)
  assert.deepEqual(await policy.check(password), { ok: true })
  const stored = await hashPassword(password)
  assert.equal((await verifyPassword(stored, password)).ok, true)
  const last = password.at(-1) === 'A' ? 'B' : 'A'
  const changed = password.slice(0, 127) + last
  assert.equal(countCodePoints(changed), 128)
  assert.equal((await verifyPassword(stored, changed)).ok, false)
  assert.equal((await verifyPassword(stored, password.slice(0, 127))).ok, false, 'a prefix is not enough')
})

void test('the same password composed or decomposed is the same password', async () => {
  const composed = 'crème brûlée à la carte'.normalize('NFC')
  const stored = await hashPassword(composed)
  assert.equal((await verifyPassword(stored, composed.normalize('NFD'))).ok, true)
})
