// Segmented AES-256-GCM streams for documents (vault/README.md, "Stream format"): plaintext in,
// header + 64 KiB segments out, and back. A segment's plaintext is pushed only after its tag
// verified, so a reader never receives a byte that was not authenticated (S27).
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { VaultIntegrityError } from './errors.ts'
import {
  FORMAT_VERSION,
  HEADER_SIZE,
  NONCE_PREFIX_SIZE,
  SEGMENT_SIZE,
  SegmentParams,
  encodeHeader,
  parseStreamHeader,
  uuidBytes,
} from './stream-header.ts'

export {
  SEGMENT_SIZE,
  HEADER_SIZE,
  ciphertextSize,
  plaintextSize,
  parseStreamHeader,
} from './stream-header.ts'
export type { StreamHeader } from './stream-header.ts'

const TAG = 16

export interface StreamOptions {
  /** The document's own 32-byte data key (VaultKeys.newDataKey). */
  key: Buffer
  documentId: string
  patientId: string
  /** Tests only: a smaller segment to exercise many segments quickly. */
  segmentSize?: number
}

function secretKey(key: Buffer): KeyObject {
  if (key.length !== 32) throw new TypeError('a vault data key is 32 bytes')
  return createSecretKey(key)
}

class EncryptStream extends Transform {
  private readonly key: KeyObject
  private readonly header: Buffer
  private readonly params: SegmentParams
  private readonly size: number
  private readonly pending: Buffer
  private filled = 0
  private index = 0
  private started = false

  constructor(opts: StreamOptions & { keyVersion: number }) {
    super()
    this.size = opts.segmentSize ?? SEGMENT_SIZE
    this.key = secretKey(opts.key)
    const h = { formatVersion: FORMAT_VERSION, keyVersion: opts.keyVersion, documentId: opts.documentId }
    this.header = encodeHeader({ ...h, segmentSize: this.size }, randomBytes(NONCE_PREFIX_SIZE))
    this.params = new SegmentParams(this.header, opts.patientId)
    this.pending = Buffer.allocUnsafe(this.size)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.start()
      let offset = 0
      // A whole segment with more after it in this chunk: encrypt it in place, no copy.
      while (this.filled === 0 && chunk.length - offset > this.size) {
        this.seal(chunk.subarray(offset, offset + this.size), false)
        offset += this.size
      }
      while (offset < chunk.length) {
        if (this.filled === this.size) {
          this.seal(this.pending, false)
          this.filled = 0
        }
        const n = chunk.copy(this.pending, this.filled, offset, Math.min(chunk.length, offset + this.size))
        this.filled += n
        offset += n
      }
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.start()
      this.seal(this.pending.subarray(0, this.filled), true)
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  private start(): void {
    if (this.started) return
    this.started = true
    this.push(this.header)
  }

  private seal(plaintext: Buffer, last: boolean): void {
    this.params.set(this.index++, last)
    const cipher = createCipheriv('aes-256-gcm', this.key, this.params.nonce, { authTagLength: TAG })
    cipher.setAAD(this.params.aad)
    this.push(cipher.update(plaintext))
    cipher.final()
    this.push(cipher.getAuthTag())
  }
}

class DecryptStream extends Transform {
  private readonly key: KeyObject
  private readonly size: number
  private readonly header = Buffer.alloc(HEADER_SIZE)
  private headerFilled = 0
  private params: SegmentParams | undefined
  private readonly segment: Buffer
  private filled = 0
  private index = 0

  constructor(private readonly opts: StreamOptions) {
    super()
    this.size = (opts.segmentSize ?? SEGMENT_SIZE) + TAG
    this.key = secretKey(opts.key)
    uuidBytes(opts.documentId)
    this.segment = Buffer.allocUnsafe(this.size)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let offset = this.params ? 0 : this.readHeader(chunk)
      while (this.filled === 0 && chunk.length - offset > this.size) {
        this.open(chunk.subarray(offset, offset + this.size), false)
        offset += this.size
      }
      while (offset < chunk.length) {
        if (this.filled === this.size) {
          this.open(this.segment, false)
          this.filled = 0
        }
        const n = chunk.copy(this.segment, this.filled, offset, Math.min(chunk.length, offset + this.size))
        this.filled += n
        offset += n
      }
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      // Input ended: what is held is the last segment; none at all means the stream was cut.
      if (!this.params || this.filled < TAG) throw new VaultIntegrityError()
      this.open(this.segment.subarray(0, this.filled), true)
      done()
    } catch (err) {
      done(err as Error)
    }
  }

  /** Collects the header; returns how much of `chunk` it used. */
  private readHeader(chunk: Buffer): number {
    const used = chunk.copy(this.header, this.headerFilled, 0, HEADER_SIZE - this.headerFilled)
    this.headerFilled += used
    if (this.headerFilled < HEADER_SIZE) return used
    const h = parseStreamHeader(this.header)
    if (h.segmentSize !== this.size - TAG || h.documentId !== this.opts.documentId.toLowerCase()) {
      throw new VaultIntegrityError()
    }
    this.params = new SegmentParams(this.header, this.opts.patientId)
    return used
  }

  private open(sealed: Buffer, last: boolean): void {
    const params = this.params as SegmentParams
    params.set(this.index++, last)
    let plaintext: Buffer
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, params.nonce, { authTagLength: TAG })
      decipher.setAAD(params.aad)
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
      plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG))
      decipher.final()
    } catch {
      throw new VaultIntegrityError()
    }
    this.push(plaintext)
  }
}

/** Plaintext in, the stored form out: header, then segments of 64 KiB plaintext + 16-byte tag. */
export function encryptStream(opts: StreamOptions & { keyVersion: number }): Transform {
  return new EncryptStream(opts)
}

/** The stored form in, plaintext out, one verified segment at a time. Any tampering, truncation,
 * reordering, trailing data or a missing last segment errors the stream (VaultIntegrityError). */
export function decryptStream(opts: StreamOptions): Transform {
  return new DecryptStream(opts)
}
