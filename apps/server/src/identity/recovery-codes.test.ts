import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_COUNT,
  findRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normaliseRecoveryCode,
} from './recovery-codes.ts'

const account = 'account-7d1f'
const FORMAT = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/

void test('10 distinct codes, xxxx-xxxx-xxxx from an unambiguous alphabet, >= 50 bits each', () => {
  const { codes, hashes } = generateRecoveryCodes(account)
  assert.equal(codes.length, RECOVERY_CODE_COUNT)
  assert.equal(RECOVERY_CODE_COUNT, 10)
  assert.equal(new Set(codes).size, 10)
  for (const code of codes) assert.match(code, FORMAT)
  assert.equal(new Set(RECOVERY_CODE_ALPHABET).size, 32)
  for (const confusable of 'ilou') assert.ok(!RECOVERY_CODE_ALPHABET.includes(confusable))
  assert.ok(RECOVERY_CODE_BITS >= 50)
  assert.equal(hashes.length, 10)
})

void test('only hashes are returned for storage; no hash contains or equals its code', () => {
  const { codes, hashes } = generateRecoveryCodes(account)
  for (const [i, hash] of hashes.entries()) {
    assert.match(hash, /^[0-9a-f]{64}$/)
    const code = codes[i] ?? ''
    assert.ok(!hash.includes(code.replaceAll('-', '')))
  }
})

void test('symbols are uniformly distributed (no modulo bias)', () => {
  const counts = new Map<string, number>()
  let total = 0
  for (let i = 0; i < 300; i += 1) {
    for (const code of generateRecoveryCodes(account).codes) {
      for (const ch of code.replaceAll('-', '')) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1)
        total += 1
      }
    }
  }
  assert.equal(counts.size, 32)
  const expected = total / 32 // 1,125 per symbol; 5 standard deviations is about +-165
  for (const [ch, n] of counts) assert.ok(Math.abs(n - expected) < 200, `${ch}: ${n} vs ${expected}`)
})

void test('each code verifies and the result says which stored hash matched', () => {
  const { codes, hashes } = generateRecoveryCodes(account)
  codes.forEach((code, index) => {
    assert.deepEqual(findRecoveryCode(code, account, hashes), { ok: true, index, hash: hashes[index] })
  })
})

void test('typing is forgiving: case, spaces, missing dashes, and o/i/l for 0/1', () => {
  const { codes, hashes } = generateRecoveryCodes(account)
  const code = codes[3] ?? ''
  const variants = [
    code.toUpperCase(),
    code.replaceAll('-', ''),
    ` ${code.replaceAll('-', ' ')} `,
    code.replaceAll('-', ' - '),
    code.replaceAll('0', 'O').replaceAll('1', 'l'),
    code.replaceAll('1', 'I'),
  ]
  for (const typed of variants) {
    assert.deepEqual(findRecoveryCode(typed, account, hashes), { ok: true, index: 3, hash: hashes[3] }, typed)
  }
  assert.equal(normaliseRecoveryCode('ABCD-EFGH-JKMN'), 'abcdefghjkmn')
})

void test('wrong codes, garbage and codes of another account are refused', () => {
  const mine = generateRecoveryCodes(account)
  const theirs = generateRecoveryCodes('account-other')
  for (const bad of [
    '',
    'aaaa-aaaa-aaa',
    'aaaa-aaaa-aaaaa',
    'uuuu-uuuu-uuuu',
    '<script>',
    'x'.repeat(10_000),
  ]) {
    assert.deepEqual(findRecoveryCode(bad, account, mine.hashes), { ok: false }, bad.slice(0, 20))
  }
  for (const code of theirs.codes)
    assert.deepEqual(findRecoveryCode(code, account, mine.hashes), { ok: false })
  // A hash row copied from one account to another does not work there either.
  const stolen = theirs.codes[0] ?? ''
  assert.deepEqual(findRecoveryCode(stolen, account, theirs.hashes), { ok: false })
})

void test('single use: once the caller removes the matched hash, the code no longer works', () => {
  const { codes, hashes } = generateRecoveryCodes(account)
  const used = findRecoveryCode(codes[0] ?? '', account, hashes)
  assert.ok(used.ok)
  const remaining = hashes.filter((h) => h !== used.hash)
  assert.deepEqual(findRecoveryCode(codes[0] ?? '', account, remaining), { ok: false })
  assert.equal(findRecoveryCode(codes[1] ?? '', account, remaining).ok, true)
})

void test('hashing refuses a value that is not a recovery code', () => {
  assert.throws(() => hashRecoveryCode('not a code', account), RangeError)
})
