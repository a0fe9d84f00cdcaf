// Stream stages that count: the size limit on what the client sends (S35), and the size and
// SHA-256 of what is stored (the plaintext after metadata stripping).
import { createHash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { tooLarge } from './refusal.ts'

/** Errors (413) the moment more than `limit` bytes have come in; nothing past the limit is read on. */
export class SizeLimit extends Transform {
  private seen = 0

  constructor(private readonly limit: number) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length
    if (this.seen > this.limit) return done(tooLarge(this.limit))
    done(null, chunk)
  }
}

export class Digest extends Transform {
  size = 0
  private readonly hash = createHash('sha256')

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length
    this.hash.update(chunk)
    done(null, chunk)
  }

  /** Hex SHA-256 of everything that passed (call once, after the stream ended). */
  sha256(): string {
    return this.hash.digest('hex')
  }
}
