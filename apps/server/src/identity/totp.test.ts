import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import { TOTP_DEFAULTS, generateTotp, generateTotpSecret, totpStep, totpUri, verifyTotp } from './totp.ts'
import type { TotpAlgorithm, TotpParams } from './totp.ts'

// RFC 4648 section 6 base32, written here so the vectors do not depend on the library under test.
function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

void test('base32 helper matches RFC 4648 section 10', () => {
  assert.equal(base32(Buffer.from('foobar')), 'MZXW6YTBOI')
})

// RFC 6238 appendix B: the seed "12345678901234567890" repeated to the hash's output length, 8 digits.
const SEEDS: Record<TotpAlgorithm, string> = {
  SHA1: '12345678901234567890',
  SHA256: '12345678901234567890123456789012',
  SHA512: '1234567890123456789012345678901234567890123456789012345678901234',
}
const APPENDIX_B: Array<[seconds: number, sha1: string, sha256: string, sha512: string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]

void test('all 18 RFC 6238 appendix B vectors: generated and accepted (S11)', () => {
  let checked = 0
  for (const [seconds, ...expected] of APPENDIX_B) {
    const algorithms: TotpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512']
    algorithms.forEach((algorithm, i) => {
      const params: TotpParams = { algorithm, digits: 8, period: 30 }
      const secret = base32(Buffer.from(SEEDS[algorithm], 'ascii'))
      const now = new Date(seconds * 1000)
      const code = expected[i]
      assert.ok(code)
      assert.equal(generateTotp(secret, now, params), code, `${algorithm} T=${seconds}`)
      const result = verifyTotp({ secret, code, lastUsedStep: null, now, params })
      assert.deepEqual(result, { ok: true, step: Math.floor(seconds / 30) }, `${algorithm} T=${seconds}`)
      checked += 1
    })
  }
  assert.equal(checked, 18)
})

void test('the SECURITY.md figures are among them', () => {
  const figures: Array<[number, TotpAlgorithm, string]> = [
    [59, 'SHA1', '94287082'],
    [59, 'SHA256', '46119246'],
    [59, 'SHA512', '90693936'],
    [1111111109, 'SHA1', '07081804'],
    [1111111109, 'SHA256', '68084774'],
    [1111111109, 'SHA512', '25091201'],
    [20000000000, 'SHA1', '65353130'],
    [20000000000, 'SHA256', '77737706'],
    [20000000000, 'SHA512', '47863826'],
  ]
  for (const [seconds, algorithm, code] of figures) {
    const secret = base32(Buffer.from(SEEDS[algorithm], 'ascii'))
    assert.equal(generateTotp(secret, new Date(seconds * 1000), { algorithm, digits: 8, period: 30 }), code)
  }
})

void test('default codes are RFC 4226 HOTP-SHA1, 6 digits, over 30 s steps (checked with node:crypto)', () => {
  const secretBytes = Buffer.from('a secret of twenty b', 'ascii')
  const now = new Date('2025-03-03T10:00:07Z')
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(now.getTime() / 30_000)))
  const mac = createHmac('sha1', secretBytes).update(counter).digest()
  const offset = (mac[19] ?? 0) & 0xf
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  const expected = String(binary % 1_000_000).padStart(6, '0')
  assert.equal(generateTotp(base32(secretBytes), now), expected)
  assert.deepEqual(TOTP_DEFAULTS, { algorithm: 'SHA1', digits: 6, period: 30 })
})

const now = new Date('2025-03-03T10:00:15Z')
const step = totpStep(now)

void test('only the current and adjacent steps are accepted; -2 and +2 are refused (S11)', () => {
  const secret = generateTotpSecret()
  const codeAt = (delta: number): string => generateTotp(secret, new Date((step + delta) * 30_000))
  for (const delta of [-1, 0, 1]) {
    assert.deepEqual(verifyTotp({ secret, code: codeAt(delta), lastUsedStep: null, now }), {
      ok: true,
      step: step + delta,
    })
  }
  for (const delta of [-2, 2, -10, 10]) {
    // Skip the one-in-a-million case where a far step happens to share the current code.
    if ([-1, 0, 1].some((d) => codeAt(d) === codeAt(delta))) continue
    assert.deepEqual(verifyTotp({ secret, code: codeAt(delta), lastUsedStep: null, now }), {
      ok: false,
      reason: 'invalid',
    })
  }
})

void test('a code used once is refused the second time (S11)', () => {
  const secret = generateTotpSecret()
  const code = generateTotp(secret, now)
  const first = verifyTotp({ secret, code, lastUsedStep: null, now })
  assert.ok(first.ok)
  // The caller stores first.step; a replay within the same 30 s, or 20 s later, is refused.
  const replay = verifyTotp({ secret, code, lastUsedStep: first.step, now })
  assert.deepEqual(replay, { ok: false, reason: 'reused' })
  const replayLater = verifyTotp({
    secret,
    code,
    lastUsedStep: first.step,
    now: new Date(now.getTime() + 20_000),
  })
  assert.equal(replayLater.ok, false)
})

void test('a code for a step at or before the last used step is refused, a later one accepted', () => {
  const secret = generateTotpSecret()
  const previous = generateTotp(secret, new Date((step - 1) * 30_000))
  assert.equal(verifyTotp({ secret, code: previous, lastUsedStep: step, now }).ok, false)
  assert.equal(verifyTotp({ secret, code: previous, lastUsedStep: step - 1, now }).ok, false)
  const next = generateTotp(secret, new Date((step + 1) * 30_000))
  assert.deepEqual(verifyTotp({ secret, code: next, lastUsedStep: step, now }), { ok: true, step: step + 1 })
})

void test('wrong, malformed and other-secret codes are refused', () => {
  const secret = generateTotpSecret()
  const code = generateTotp(secret, now)
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
  for (const bad of [wrong, '', '12345', '1234567', 'abcdef', `${code}0`, code.replace(/\d$/, 'x')]) {
    assert.equal(verifyTotp({ secret, code: bad, lastUsedStep: null, now }).ok, false, bad)
  }
  const other = generateTotpSecret()
  const otherCode = generateTotp(other, now)
  if (otherCode !== code)
    assert.equal(verifyTotp({ secret, code: otherCode, lastUsedStep: null, now }).ok, false)
})

void test('spaces as apps display them ("123 456") are ignored', () => {
  const secret = generateTotpSecret()
  const code = generateTotp(secret, now)
  assert.equal(
    verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, lastUsedStep: null, now }).ok,
    true,
  )
})

void test('secrets are 160 random bits in base32', () => {
  const secrets = Array.from({ length: 100 }, generateTotpSecret)
  for (const s of secrets) assert.match(s, /^[A-Z2-7]{32}$/) // 32 symbols x 5 bits = 160 bits
  assert.equal(new Set(secrets).size, 100)
})

void test('the enrolment URI names the issuer and the account, and carries the parameters', () => {
  const secret = generateTotpSecret()
  const uri = new URL(totpUri({ secret, accountEmail: 'jane.doe+x@example.com' }))
  assert.equal(uri.protocol, 'otpauth:')
  assert.equal(uri.host, 'totp')
  assert.equal(decodeURIComponent(uri.pathname), '/Tessera:jane.doe+x@example.com')
  assert.equal(uri.searchParams.get('issuer'), 'Tessera')
  assert.equal(uri.searchParams.get('secret'), secret)
  assert.equal(uri.searchParams.get('algorithm'), 'SHA1')
  assert.equal(uri.searchParams.get('digits'), '6')
  assert.equal(uri.searchParams.get('period'), '30')

  const custom = new URL(totpUri({ secret, accountEmail: 'a@b.example', issuer: 'Riverside Health' }))
  assert.equal(custom.searchParams.get('issuer'), 'Riverside Health')
  assert.ok(!custom.href.includes('Tessera'))
})
