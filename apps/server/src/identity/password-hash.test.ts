import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hash } from '@node-rs/argon2'
import {
  ARGON2_PARAMS,
  DUMMY_HASH,
  PasswordHashFormatError,
  hashPassword,
  isBelowCurrentParams,
  parsePhc,
  verifyAgainstDummy,
  verifyPassword,
} from './password-hash.ts'

const password = 'purple-kettle-morning-42'

void test('S8 config: argon2id, m = 19456 KiB, t = 2, p = 1 are pinned', () => {
  assert.equal(ARGON2_PARAMS.algorithm, 'argon2id')
  assert.equal(ARGON2_PARAMS.memoryCost, 19456)
  assert.equal(ARGON2_PARAMS.timeCost, 2)
  assert.equal(ARGON2_PARAMS.parallelism, 1)
  assert.ok(Object.isFrozen(ARGON2_PARAMS))
})

void test('S8: stored hashes carry exactly those parameters and a fresh salt', async (t) => {
  const started = performance.now()
  const stored = await hashPassword(password)
  t.diagnostic(`one argon2id hash (m=19456, t=2, p=1) took ${(performance.now() - started).toFixed(1)} ms`)
  assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
  assert.ok(!stored.includes(password))
  assert.notEqual(await hashPassword(password), stored, 'a new salt every time')
  assert.deepEqual(parsePhc(stored), {
    algorithm: 'argon2id',
    version: 0x13,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
    saltLen: 16,
    outputLen: 32,
  })
})

void test('the right password verifies, a wrong one does not', async () => {
  const stored = await hashPassword(password)
  assert.deepEqual(await verifyPassword(stored, password), { ok: true, needsRehash: false })
  assert.deepEqual(await verifyPassword(stored, 'purple-kettle-morning-43'), {
    ok: false,
    needsRehash: false,
  })
  assert.deepEqual(await verifyPassword(stored, ''), { ok: false, needsRehash: false })
  assert.deepEqual(await verifyPassword(stored, password.toUpperCase()), { ok: false, needsRehash: false })
})

void test('S8: a hash made with lower parameters verifies and asks for a rehash', async () => {
  const weaker = [
    await hash(password, { memoryCost: 8192, timeCost: 2, parallelism: 1 }),
    await hash(password, { memoryCost: 19456, timeCost: 1, parallelism: 1 }),
    await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 2 }),
    await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 1 }), // argon2i
    await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 16 }),
  ]
  for (const stored of weaker) {
    assert.deepEqual(
      await verifyPassword(stored, password),
      { ok: true, needsRehash: true },
      stored.slice(0, 30),
    )
    // Only the plaintext allows a rehash, so a wrong password never asks for one.
    assert.deepEqual(await verifyPassword(stored, 'wrong password!'), { ok: false, needsRehash: false })
  }
  const rehashed = await hashPassword(password)
  assert.deepEqual(await verifyPassword(rehashed, password), { ok: true, needsRehash: false })
})

void test('a hash made with higher parameters than today is not downgraded', async () => {
  const stronger = await hash(password, { memoryCost: 32768, timeCost: 3, parallelism: 1 })
  assert.deepEqual(await verifyPassword(stronger, password), { ok: true, needsRehash: false })
})

void test('a corrupt stored hash is an error that does not quote the stored value', async () => {
  for (const corrupt of [
    '',
    'plaintext-password',
    '$2b$12$abcdefghijklmnopqrstuv',
    '$argon2id$v=19$m=19456,t=2$aa$bb',
  ]) {
    assert.equal(parsePhc(corrupt), null)
    await assert.rejects(verifyPassword(corrupt, password), (error: unknown) => {
      assert.ok(error instanceof PasswordHashFormatError)
      if (corrupt !== '') assert.ok(!error.message.includes(corrupt))
      return true
    })
  }
})

void test('the dummy hash uses the current parameters (regenerate it when they change)', () => {
  const params = parsePhc(DUMMY_HASH)
  assert.ok(params)
  assert.equal(isBelowCurrentParams(params), false)
  assert.equal(params.memoryCost, ARGON2_PARAMS.memoryCost)
  assert.equal(params.timeCost, ARGON2_PARAMS.timeCost)
  assert.equal(params.parallelism, ARGON2_PARAMS.parallelism)
})

void test('verifyAgainstDummy never succeeds', async () => {
  for (const guess of ['', password, 'password', DUMMY_HASH]) {
    assert.deepEqual(await verifyAgainstDummy(guess), { ok: false, needsRehash: false })
  }
})

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

void test('S10: an unknown account costs as much time as a known one with a wrong password', async (t) => {
  const stored = await hashPassword(password)
  const known: number[] = []
  const unknown: number[] = []
  await verifyAgainstDummy('warm-up') // first use of the native module pays one-off costs
  // Interleaved so that a slow moment on a shared machine hits both sides alike.
  for (let i = 0; i < 9; i += 1) {
    let started = performance.now()
    await verifyPassword(stored, 'wrong password!')
    known.push(performance.now() - started)
    started = performance.now()
    await verifyAgainstDummy('wrong password!')
    unknown.push(performance.now() - started)
  }
  const ratio = median(unknown) / median(known)
  t.diagnostic(
    `median verify: known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
  )
  // Skipping the work would make the ratio close to 0; the bound leaves room for a noisy runner.
  assert.ok(ratio > 0.6 && ratio < 1.67, `ratio ${ratio.toFixed(2)}`)
})
