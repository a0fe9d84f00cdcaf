import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  TOKEN_BYTES,
  constantTimeEqual,
  generateToken,
  hashToken,
  isWellFormedToken,
  tokenMatchesHash,
} from './tokens.ts'

void test('tokens carry 256 random bits as 43 base64url characters (S16 asks for >= 128)', () => {
  const token = generateToken()
  assert.match(token, /^[A-Za-z0-9_-]{43}$/)
  assert.equal(Buffer.from(token, 'base64url').length, TOKEN_BYTES)
  assert.ok(TOKEN_BYTES * 8 >= 128)
  assert.ok(isWellFormedToken(token))
})

void test('10,000 tokens are all different', () => {
  const seen = new Set(Array.from({ length: 10_000 }, generateToken))
  assert.equal(seen.size, 10_000)
})

void test('the stored form is SHA-256 hex and does not contain the token', () => {
  assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  const token = generateToken()
  const stored = hashToken(token)
  assert.match(stored, /^[0-9a-f]{64}$/)
  assert.ok(!stored.includes(token))
  assert.equal(hashToken(token), stored, 'deterministic, so it can be looked up')
})

void test('a token matches only its own hash', () => {
  const token = generateToken()
  const stored = hashToken(token)
  assert.ok(tokenMatchesHash(token, stored))
  assert.ok(!tokenMatchesHash(generateToken(), stored))
  // An attacker who has read the table cannot use the hash itself as a token.
  assert.ok(!tokenMatchesHash(stored, stored))
})

void test('constant-time compare handles unequal lengths without throwing', () => {
  assert.ok(constantTimeEqual('same', 'same'))
  assert.ok(!constantTimeEqual('same', 'Same'))
  assert.ok(!constantTimeEqual('short', 'a much longer value'))
  assert.ok(!constantTimeEqual('', 'x'))
})

void test('garbage from the wire is refused before any lookup', () => {
  const token = generateToken()
  for (const bad of [
    '',
    token.slice(1),
    `${token}A`,
    token.replace(/^./, '+'),
    `${token.slice(0, 42)}=`,
    ' '.repeat(43),
  ]) {
    assert.ok(!isWellFormedToken(bad), JSON.stringify(bad))
  }
})
