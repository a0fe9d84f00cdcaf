// The patient-key cache: bounded, short-lived, zeroes what it drops, hands out copies, and caches
// nothing of a patient erased here for a while.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { FakeClock } from '../../platform/clock.ts'
import { KeyCache } from './key-cache.ts'

test('hits within the TTL, misses after it or for another wrapped form', () => {
  const clock = new FakeClock()
  const cache = new KeyCache(clock, { ttlMs: 1000 })
  const key = randomBytes(32)
  cache.set('p', 1, 'w1', key)
  assert.deepEqual(cache.get('p', 1), key)
  assert.deepEqual(cache.get('p', 1, 'w1'), key)
  assert.equal(cache.get('p', 1, 'w2'), undefined, 'a row made again since is a miss')
  cache.set('p', 1, 'w1', key)
  clock.advance(1000)
  assert.equal(cache.get('p', 1), undefined)
})

test('bounded: the least recently used entry goes first, and its key is zeroed', () => {
  const cache = new KeyCache(new FakeClock(), { maxEntries: 2 })
  const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)]
  cache.set('a', 1, 'w', a)
  cache.set('b', 1, 'w', b)
  cache.get('a', 1)
  cache.set('c', 1, 'w', c)
  assert.equal(cache.size, 2)
  assert.equal(cache.get('b', 1), undefined)
  assert.ok(cache.get('a', 1) && cache.get('c', 1))
})

test('get returns a copy: zeroing it or an eviction does not touch the other', () => {
  const cache = new KeyCache(new FakeClock())
  const key = randomBytes(32)
  cache.set('p', 1, 'w', key)
  const copy = cache.get('p', 1) as Buffer
  copy.fill(0)
  assert.deepEqual(cache.get('p', 1), key)
  const held = cache.get('p', 1) as Buffer
  cache.clear()
  assert.deepEqual(held, key)
})

test('forget (erasure) evicts every version and refuses to cache the patient for the TTL', () => {
  const clock = new FakeClock()
  const cache = new KeyCache(clock, { ttlMs: 1000 })
  cache.set('p', 1, 'w', randomBytes(32))
  cache.set('p', 2, 'w', randomBytes(32))
  cache.set('q', 1, 'w', randomBytes(32))
  cache.forget('p')
  assert.equal(cache.get('p', 1), undefined)
  assert.equal(cache.get('p', 2), undefined)
  assert.ok(cache.get('q', 1))
  cache.set('p', 1, 'w', randomBytes(32))
  assert.equal(cache.get('p', 1), undefined, 'a read racing the erasure cannot re-cache the key')
  clock.advance(1001)
  cache.set('p', 1, 'w', randomBytes(32))
  assert.ok(cache.get('p', 1))
})
