// Reading a document's bytes back (S27): blob -> decryption, one authenticated 64 KiB segment at a
// time (a segment's bytes are released only after its tag verified) -> a whole-file check of size
// and SHA-256, which holds back the last piece until it passes. Tampering, truncation, a blob moved
// from another document or patient: the stream errors and no unverified byte is released.
import { createHash } from 'node:crypto'
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream'
import { VaultIntegrityError } from '../crypto/errors.ts'
import type { BlobStore } from './blob-store.ts'
import { vaultStreamCipher, type StreamCipher } from './document-deps.ts'
import type { VaultKeys } from '../keys/vault-keys.ts'

export interface StoredDocument {
  id: string
  patient_id: string
  size: number
  sha256: string
  wrapped_key: string
}

/** Passes bytes on one chunk late; at the end, releases the last one only if size and hash match. */
class WholeFileCheck extends Transform {
  private readonly hash = createHash('sha256')
  private held: Buffer | null = null
  private seen = 0

  constructor(
    private readonly size: number,
    private readonly sha256: string,
  ) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk)
    this.seen += chunk.length
    if (this.seen > this.size) return done(new VaultIntegrityError())
    const previous = this.held
    this.held = chunk
    done(null, previous ?? undefined)
  }

  override _flush(done: TransformCallback): void {
    if (this.seen !== this.size || this.hash.digest('hex') !== this.sha256)
      return done(new VaultIntegrityError())
    done(null, this.held ?? undefined)
  }
}

/** The verified plaintext of a stored document, as a stream that errors on any integrity failure. */
export async function openPlaintext(
  blobs: BlobStore,
  vault: VaultKeys,
  doc: StoredDocument,
  cipher: StreamCipher = vaultStreamCipher,
): Promise<Readable> {
  const key = await vault.openDataKey(doc.patient_id, doc.wrapped_key)
  let decrypt: Transform
  try {
    decrypt = cipher.decrypt({ key, documentId: doc.id, patientId: doc.patient_id })
  } finally {
    key.fill(0)
  }
  const source = await blobs.get(doc.id)
  return pipeline(source, decrypt, new WholeFileCheck(doc.size, doc.sha256), () => undefined)
}

export type FirstRead = { chunk: Buffer; rest: AsyncIterator<Buffer> } | { error: unknown }

/** Reads the first verified piece before anything is sent, so an early failure can still be a clear error. */
export async function readFirst(stream: Readable): Promise<FirstRead> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  try {
    const first = await iterator.next()
    if (first.done) return { error: new VaultIntegrityError() }
    return { chunk: first.value, rest: iterator }
  } catch (error) {
    return { error }
  }
}
