// RFC 6962 section 2.1 Merkle Tree Hash over audit event leaves.
//   leaf hash  = SHA-256(0x00 || data)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of two < n
// The empty tree's hash is SHA-256 of the empty string.
import { createHash } from 'node:crypto'

export function leafHash(data: Uint8Array | string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest()
}

function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest()
}

/** MTH over leaf hashes already computed (iterative; O(n) hashes). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest()
  return subtree(leaves, 0, leaves.length)
}

function subtree(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start
  if (n === 1) return Buffer.from(leaves[start]!)
  let k = 1
  while (k * 2 < n) k *= 2
  return nodeHash(subtree(leaves, start, start + k), subtree(leaves, start + k, end))
}
