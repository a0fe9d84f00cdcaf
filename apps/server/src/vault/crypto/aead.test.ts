// S29: the AES-256-GCM wiring against the published test vectors (McGrew & Viega, "The Galois/
// Counter Mode of Operation", test cases 13-16, the AES-256 cases of NIST SP 800-38D's reference),
// and the small-value envelope failing closed on any change.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { associatedData, gcmDecrypt, gcmEncrypt, open, seal } from './aead.ts'
import { VaultIntegrityError } from './errors.ts'

const h = (hex: string) => Buffer.from(hex, 'hex')
const K = 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'
const IV = 'cafebabefacedbaddecaf888'
const P =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525' +
  'b16aedf5aa0de657ba637b391aafd255'
const C =
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838' +
  'c5f61e6393ba7a0abcc9f662898015ad'

const VECTORS = [
  {
    name: 'TC13 empty',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '',
    a: '',
    c: '',
    t: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'TC14 one zero block',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '00'.repeat(16),
    a: '',
    c: 'cea7403d4d606b6e074ec5d3baf39d18',
    t: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  { name: 'TC15 four blocks', key: K, iv: IV, p: P, a: '', c: C, t: 'b094dac5d93471bdec1a502270e3cc6c' },
  {
    name: 'TC16 partial block with AAD',
    key: K,
    iv: IV,
    p: P.slice(0, 120),
    a: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    c: C.slice(0, 120),
    t: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
]

for (const v of VECTORS) {
  test(`AES-256-GCM vector ${v.name}: encrypts and decrypts to the published values`, () => {
    const { ciphertext, tag } = gcmEncrypt(h(v.key), h(v.iv), h(v.p), h(v.a))
    assert.equal(ciphertext.toString('hex'), v.c)
    assert.equal(tag.toString('hex'), v.t)
    assert.equal(gcmDecrypt(h(v.key), h(v.iv), h(v.c), h(v.t), h(v.a)).toString('hex'), v.p)
    const badTag = h(v.t)
    badTag[0] = (badTag[0] as number) ^ 1
    assert.throws(() => gcmDecrypt(h(v.key), h(v.iv), h(v.c), badTag, h(v.a)), VaultIntegrityError)
  })
}

test('a sealed small value opens; any flipped bit, other AAD or other key fails closed', () => {
  const key = randomBytes(32)
  const aad = associatedData('label', 'patient', 1)
  const sealed = seal(key, Buffer.from('a key or a note'), aad)
  assert.equal(open(key, sealed, aad).toString(), 'a key or a note')
  for (let bit = 0; bit < sealed.length * 8; bit++) {
    const bad = Buffer.from(sealed)
    bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7))
    assert.throws(() => open(key, bad, aad), VaultIntegrityError, `bit ${bit}`)
  }
  assert.throws(() => open(key, sealed, associatedData('label', 'patient', 2)), VaultIntegrityError)
  assert.throws(() => open(randomBytes(32), sealed, aad), VaultIntegrityError)
  assert.throws(() => open(key, sealed.subarray(0, 27), aad), VaultIntegrityError)
})

test('associated data is unambiguous: shifting a boundary between parts changes it', () => {
  assert.notDeepEqual(associatedData('l', 'ab', 'c'), associatedData('l', 'a', 'bc'))
  assert.notDeepEqual(associatedData('l', 'a'), associatedData('l', 'a', ''))
})

test('two seals of one value differ (fresh nonce each time)', () => {
  const key = randomBytes(32)
  const a = seal(key, Buffer.from('same'), Buffer.alloc(0))
  const b = seal(key, Buffer.from('same'), Buffer.alloc(0))
  assert.notDeepEqual(a, b)
})
