// Unwrapped patient keys, briefly, so reading a document or a note is not a master-key unwrap
// (or a KMS call) each time. Bounded (least recently used goes first) with a short time to live;
// evicted keys are zeroed. Erasure on this instance evicts at once; another instance's copy lives
// at most `ttlMs` longer (vault/README.md).
import type { Clock } from '../../platform/clock.ts'

interface Entry {
  key: Buffer
  /** The stored wrapped form the key came from: a row re-made since (rollback) is a miss. */
  wrapped: string
  expires: number
}

export interface KeyCacheOptions {
  maxEntries?: number
  ttlMs?: number
}

export class KeyCache {
  private readonly entries = new Map<string, Entry>()
  /** Patients erased here recently: no key of theirs is cached again (a read racing the erasure
   * could otherwise re-cache the key from the row it read just before). */
  private readonly erased = new Map<string, number>()
  private readonly maxEntries: number
  private readonly ttlMs: number

  constructor(
    private readonly clock: Clock,
    options: KeyCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? 10_000
    this.ttlMs = options.ttlMs ?? 60_000
  }

  /** A copy of the cached key (the caller zeroes it after use), or undefined. */
  get(patientId: string, version: number, wrapped?: string): Buffer | undefined {
    const id = `${patientId}/${version}`
    const entry = this.entries.get(id)
    if (!entry) return undefined
    if (entry.expires <= this.clock.now().getTime() || (wrapped !== undefined && wrapped !== entry.wrapped)) {
      this.drop(id, entry)
      return undefined
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(id)
    this.entries.set(id, entry)
    // A copy: an eviction while the caller awaits must not zero the key it is using.
    return Buffer.from(entry.key)
  }

  /** Keeps its own copy of `key` (the caller may zero theirs). */
  set(patientId: string, version: number, wrapped: string, key: Buffer): void {
    const id = `${patientId}/${version}`
    const old = this.entries.get(id)
    if (old) this.drop(id, old)
    const now = this.clock.now().getTime()
    const erasedUntil = this.erased.get(patientId)
    if (erasedUntil !== undefined && erasedUntil > now) return
    if (erasedUntil !== undefined) this.erased.delete(patientId)
    if (this.maxEntries <= 0) return
    while (this.entries.size >= this.maxEntries) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry]
      this.drop(oldestId, oldest)
    }
    this.entries.set(id, { key: Buffer.from(key), wrapped, expires: now + this.ttlMs })
  }

  /** On erasure: evicts the patient's keys and caches none of theirs for the next `ttlMs`. */
  forget(patientId: string): void {
    this.evict(patientId)
    if (this.erased.size >= this.maxEntries) this.erased.clear()
    this.erased.set(patientId, this.clock.now().getTime() + this.ttlMs)
  }

  evict(patientId: string, version?: number): void {
    for (const [id, entry] of [...this.entries]) {
      if (version === undefined ? id.startsWith(`${patientId}/`) : id === `${patientId}/${version}`) {
        this.drop(id, entry)
      }
    }
  }

  clear(): void {
    for (const [id, entry] of [...this.entries]) this.drop(id, entry)
  }

  get size(): number {
    return this.entries.size
  }

  private drop(id: string, entry: Entry): void {
    entry.key.fill(0)
    this.entries.delete(id)
  }
}
