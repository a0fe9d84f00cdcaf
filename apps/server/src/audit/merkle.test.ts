import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { leafHash, merkleRoot } from './merkle.ts'
import { canonicalJson } from './canonical-json.ts'

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

test('RFC 6962: empty tree, one leaf, and the unbalanced split at the largest power of two', () => {
  assert.equal(merkleRoot([]).toString('hex'), sha().toString('hex'))
  const [a, b, c] = ['a', 'b', 'c'].map((x) => leafHash(x))
  assert.deepEqual(merkleRoot([a!]), a)
  const ab = sha(Buffer.from([1]), a!, b!)
  assert.deepEqual(merkleRoot([a!, b!]), ab)
  // Three leaves: MTH = node(MTH(a, b), c), not node(a, MTH(b, c)).
  assert.deepEqual(merkleRoot([a!, b!, c!]), sha(Buffer.from([1]), ab, c!))
})

test('RFC 6962 test vector: the 8-leaf tree of the certificate-transparency reference tests', () => {
  // Leaves of the CT reference implementation's merkle_tree_test (hex-encoded inputs).
  const inputs = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ]
  const leaves = inputs.map((h) => leafHash(Buffer.from(h, 'hex')))
  assert.equal(
    merkleRoot(leaves).toString('hex'),
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  )
  assert.equal(
    merkleRoot(leaves.slice(0, 1)).toString('hex'),
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  )
  assert.equal(
    merkleRoot(leaves.slice(0, 3)).toString('hex'),
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  )
})

test('canonical JSON sorts keys and is stable', () => {
  assert.equal(
    canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 'é', y: 2.5 } }),
    '{"a":[true,null,"x"],"b":1,"c":{"y":2.5,"z":"é"}}',
  )
  assert.throws(() => canonicalJson(Number.NaN))
})
