// Blobs as files: <root>/<first two hex digits>/<id>. A write goes to a temporary file in the same
// directory, is fsynced, renamed to its final name, and the directory fsynced: after a crash the
// final name holds either nothing or every byte (rename is atomic within a directory on POSIX).
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { assertBlobId, BlobMissing, type BlobStore, type StoredBlob } from './blob-store.ts'

const TEMP_PREFIX = '.tmp-'
const FAN_OUT = /^[0-9a-f]{2}$/
const BLOB_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT'

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export class FsBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  pathOf(id: string): string {
    assertBlobId(id)
    return join(this.root, id.slice(0, 2), id)
  }

  async put(id: string, data: Readable): Promise<{ size: number }> {
    const target = this.pathOf(id)
    const dir = join(this.root, id.slice(0, 2))
    await this.ensureDirectory(dir)
    const temp = join(dir, `${TEMP_PREFIX}${id}-${randomBytes(6).toString('hex')}`)
    const file = await open(temp, 'wx', 0o600)
    let size = 0
    try {
      try {
        for await (const chunk of data) {
          const bytes = chunk as Buffer
          await file.write(bytes)
          size += bytes.length
        }
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(temp, target)
    } catch (err) {
      await unlink(temp).catch(() => undefined)
      throw err
    }
    await fsyncDirectory(dir)
    return { size }
  }

  async get(id: string): Promise<Readable> {
    const path = this.pathOf(id)
    const handle = await open(path, 'r').catch((err: unknown) => {
      throw isMissing(err) ? new BlobMissing('no such blob') : err
    })
    return handle.createReadStream()
  }

  async delete(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch((err: unknown) => {
      if (!isMissing(err)) throw err
    })
  }

  async *list(): AsyncIterable<StoredBlob> {
    for (const dir of await this.directories()) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!BLOB_NAME.test(name)) continue
        const info = await stat(join(dir, name)).catch(() => null)
        if (info) yield { id: name, modifiedAt: info.mtime }
      }
    }
  }

  async sweepTemporaries(olderThan: Date): Promise<number> {
    let removed = 0
    for (const dir of await this.directories()) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (!name.startsWith(TEMP_PREFIX)) continue
        const path = join(dir, name)
        const info = await stat(path).catch(() => null)
        if (!info || info.mtime >= olderThan) continue
        await unlink(path).catch(() => undefined)
        removed++
      }
    }
    return removed
  }

  private async directories(): Promise<string[]> {
    const names = await readdir(this.root).catch((err: unknown) => {
      if (isMissing(err)) return [] as string[]
      throw err
    })
    return names.filter((n) => FAN_OUT.test(n)).map((n) => join(this.root, n))
  }

  /** Creates the fan-out directory; a new one is made durable in its parent before use. */
  private async ensureDirectory(dir: string): Promise<void> {
    const made = await mkdir(dir, { recursive: true, mode: 0o700 })
    if (made === undefined) return
    await fsyncDirectory(this.root)
    if (made !== dir) await fsyncDirectory(join(this.root, '..'))
  }
}
