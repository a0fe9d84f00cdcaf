// Helpers for the stream tests: run bytes through a transform in chosen chunk sizes, and record
// what a decrypting reader was served before the stream failed.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Transform } from 'node:stream'
import { decryptStream, encryptStream } from './stream-format.ts'

export interface Served {
  served: Buffer
  error: Error | undefined
}

/** Writes `input` in chunks of `chunk` bytes (or random sizes up to it when `random`), ends, and
 * collects the output until the end or the first error. */
export function through(stream: Transform, input: Buffer, chunk = 65536, random = false): Promise<Served> {
  return new Promise((resolve) => {
    const out: Buffer[] = []
    let settled = false
    const finish = (error: Error | undefined) => {
      if (settled) return
      settled = true
      resolve({ served: Buffer.concat(out), error })
    }
    stream.on('data', (c: Buffer) => out.push(c))
    stream.on('end', () => finish(undefined))
    stream.on('error', (err) => finish(err))
    let offset = 0
    const writeMore = (): void => {
      while (offset < input.length) {
        const n = random ? 1 + Math.floor(Math.random() * chunk) : chunk
        const part = input.subarray(offset, offset + n)
        offset += part.length
        if (!stream.write(part)) {
          stream.once('drain', writeMore)
          return
        }
      }
      stream.end()
    }
    writeMore()
  })
}

export interface Doc {
  key: Buffer
  documentId: string
  patientId: string
  plaintext: Buffer
  stored: Buffer
  segmentSize?: number
}

export async function makeDoc(size: number, over: Partial<Doc> = {}): Promise<Doc> {
  const doc = {
    key: randomBytes(32),
    documentId: randomUUID(),
    patientId: randomUUID(),
    plaintext: randomBytes(size),
    ...over,
  }
  const opts = { ...doc, keyVersion: 3, ...(doc.segmentSize ? { segmentSize: doc.segmentSize } : {}) }
  const { served, error } = await through(encryptStream(opts), doc.plaintext, 10_000, true)
  if (error) throw error
  return { ...doc, stored: served }
}

export function open(doc: Doc, stored: Buffer, over: Partial<Doc> = {}, chunk = 65536): Promise<Served> {
  const o = { ...doc, ...over }
  const opts = {
    key: o.key,
    documentId: o.documentId,
    patientId: o.patientId,
    ...(o.segmentSize ? { segmentSize: o.segmentSize } : {}),
  }
  return through(decryptStream(opts), stored, chunk)
}
