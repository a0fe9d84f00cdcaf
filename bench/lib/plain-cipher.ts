// The P1/P2 baseline ("encryption off"): the vault's stream framing without the cryptography. The
// stored form keeps the real layout (a 37-byte header, then 64 KiB plaintext segments each followed
// by a 16-byte tag) and is cut and reassembled segment by segment as stream-format.ts does it, so
// A and B copy the same bytes through the same stages; only AES-GCM (and the header's key and nonce
// material) is left out: the header and tags are zeros, nothing is verified.
import { Transform, type TransformCallback } from 'node:stream'
import { HEADER_SIZE, SEGMENT_SIZE } from '../../apps/server/src/vault/crypto/stream-header.ts'
import type { StreamCipher } from '../../apps/server/src/vault/documents/document-deps.ts'
import { openPlaintext } from '../../apps/server/src/vault/documents/document-download.ts'
import { toView } from '../../apps/server/src/vault/documents/document-reader.ts'
import type {
  DocumentService,
  OpenedDocument,
} from '../../apps/server/src/vault/documents/document-service.ts'
import { CONTENT_TYPE, type AcceptedKind } from '../../apps/server/src/vault/documents/upload/sniff.ts'

const TAG = 16

/** Collects `size`-byte segments; `emit` gets each full one, then the last (possibly short) one. */
class Segmenter extends Transform {
  private readonly segment: Buffer
  private filled = 0

  constructor(
    private readonly size: number,
    private readonly release: (self: Segmenter, segment: Buffer) => void,
    head?: Buffer,
    private skip = 0,
  ) {
    super()
    this.segment = Buffer.alloc(size)
    if (head) this.push(head)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let at = 0
    if (this.skip > 0) {
      at = Math.min(this.skip, chunk.length)
      this.skip -= at
    }
    while (at < chunk.length) {
      // Like the real streams, a full segment is emitted only once more data follows it.
      if (this.filled === this.size) {
        this.release(this, this.segment)
        this.filled = 0
      }
      const used = chunk.copy(this.segment, this.filled, at, at + this.size - this.filled)
      this.filled += used
      at += used
    }
    done()
  }

  override _flush(done: TransformCallback): void {
    this.release(this, this.segment.subarray(0, this.filled))
    done()
  }
}

const ZERO_TAG = Buffer.alloc(TAG)

export const plainStreamCipher: StreamCipher = {
  encrypt: () =>
    new Segmenter(
      SEGMENT_SIZE,
      (self, segment) => self.push(Buffer.concat([segment, ZERO_TAG])),
      Buffer.alloc(HEADER_SIZE),
    ),
  decrypt: () =>
    new Segmenter(
      SEGMENT_SIZE + TAG,
      (self, sealed) => self.push(Buffer.from(sealed.subarray(0, sealed.length - TAG))),
      undefined,
      HEADER_SIZE,
    ),
}

const KIND_BY_TYPE = Object.fromEntries(Object.entries(CONTENT_TYPE).map(([k, t]) => [t, k])) as Record<
  string,
  AcceptedKind
>

/** DocumentService.open with the plain cipher (the service passes none to openPlaintext). */
export function plainOpen(service: DocumentService): DocumentService['open'] {
  return async (found): Promise<OpenedDocument> => {
    const stream = await openPlaintext(service.deps.blobs, service.deps.vault, found.row, plainStreamCipher)
    return { view: toView(found), kind: KIND_BY_TYPE[found.row.content_type] ?? 'pdf', stream }
  }
}
