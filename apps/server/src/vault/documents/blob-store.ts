// Where encrypted document bytes live. The contract every implementation keeps (S26): `put`
// returns only once the blob is durable under its final name, and a blob that is not complete is
// never under that name; the database row that makes a document visible is committed after `put`.
// A crash in between leaves an orphan blob (no row), which the sweeper removes after a grace period.
// The filesystem store is the one implemented; the interface is what an S3-compatible store would
// implement (put = a multipart upload completed under the final key, temporaries = unfinished
// multipart uploads to abort). Blob ids are UUIDs, so no id can name a path.
import type { Readable } from 'node:stream'

export interface StoredBlob {
  id: string
  /** When the blob was last written (its grace period runs from here). */
  modifiedAt: Date
}

export interface BlobStore {
  /** Streams `data` to a temporary, makes it durable, then gives it its final name. */
  put(id: string, data: Readable): Promise<{ size: number }>
  /** The stored bytes; rejects with BlobMissing when there is no such blob. */
  get(id: string): Promise<Readable>
  /** Removes a blob; no error if it is already gone. */
  delete(id: string): Promise<void>
  /** Every complete blob (for the sweeper). */
  list(): AsyncIterable<StoredBlob>
  /** Removes unfinished writes last touched before `olderThan`; returns how many. */
  sweepTemporaries(olderThan: Date): Promise<number>
}

export class BlobMissing extends Error {
  override readonly name = 'BlobMissing'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function assertBlobId(id: string): void {
  if (!UUID.test(id)) throw new TypeError('a blob id is a lower-case UUID')
}
