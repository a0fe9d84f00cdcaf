// The external anchor (AUDIT.md): every signed checkpoint is also written outside the database, so
// deleting a row and rebuilding every checkpoint is still caught. A file by default (the operator
// ships it off-host), or an HTTP endpoint (a witness or log collector).
import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AnchorEntry } from './checkpoint.ts'

export interface AnchorSink {
  /** Id of the last checkpoint this sink holds (so missing ones can be sent again). */
  lastId(): Promise<string | null>
  append(entries: AnchorEntry[]): Promise<void>
}

export class FileAnchor implements AnchorSink {
  constructor(readonly path: string) {}

  async lastId(): Promise<string | null> {
    const entries = await readAnchorFile(this.path)
    return entries.at(-1)?.id ?? null
  }

  async append(entries: AnchorEntry[]): Promise<void> {
    if (entries.length === 0) return
    await mkdir(dirname(this.path), { recursive: true })
    await appendFile(this.path, entries.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 })
  }
}

export class HttpAnchor implements AnchorSink {
  private last: string | null = null
  constructor(
    private readonly url: string,
    /** The egress guard's fetch in the server (compliance/egress-guard.ts). */
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async lastId(): Promise<string | null> {
    return this.last
  }

  async append(entries: AnchorEntry[]): Promise<void> {
    if (entries.length === 0) return
    const res = await this.fetchImpl(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: entries.map((e) => JSON.stringify(e)).join('\n') + '\n',
      signal: AbortSignal.timeout(10_000),
    })
    if (!res.ok) throw new Error(`audit anchor endpoint answered ${res.status}`)
    this.last = entries.at(-1)?.id ?? this.last
  }
}

export async function readAnchorFile(path: string): Promise<AnchorEntry[]> {
  if (!existsSync(path)) return []
  const text = await readFile(path, 'utf8')
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AnchorEntry)
}
