// Worker-side instruments for the browser tests (E2EE.md section 9 points 2, 4 and 8), used by
// e2ee-worker.ts only when the browser opted in to test hooks (call/README.md "Test hooks"). They
// keep public header fields (KID, CTR), SHA-256 digests and sealed frames (what the wire carries),
// never a key and never a plaintext.
import { clearPrefixLength, decodeHeader, isE2eeError, splitKid, type ReceiverContext } from '@tessera/e2ee'
import type { NonceReport, TapReport, TryReport } from './worker-protocol.ts'

/** Every (KID, CTR) pair this sender sealed a frame under; a pair seen twice is a duplicate. */
export class NonceLog {
  readonly #byKid = new Map<bigint, Set<number>>()
  #total = 0
  #duplicates = 0
  readonly #examples: string[] = []

  /** `sealed` is clear_prefix | SFrame header | ciphertext | tag. */
  record(sealed: Uint8Array, prefixLength: number): void {
    const { kid, ctr } = decodeHeader(sealed, prefixLength)
    let seen = this.#byKid.get(kid)
    if (!seen) this.#byKid.set(kid, (seen = new Set()))
    this.#total++
    const n = Number(ctr)
    if (!seen.has(n)) {
      seen.add(n)
      return
    }
    this.#duplicates++
    if (this.#examples.length < 5) this.#examples.push(`${kid}:${n}`)
  }

  report(): NonceReport {
    return {
      total: this.#total,
      duplicates: this.#duplicates,
      examples: [...this.#examples],
      kids: [...this.#byKid].map(([kid, ctrs]) => ({
        kid: kid.toString(),
        ...splitKid(kid),
        count: ctrs.size,
        maxCtr: Math.max(...ctrs),
      })),
    }
  }
}

/**
 * A tap on both ends of the media path: digests of the first `frames` frames this sender encrypted
 * (taken before encryption) and of the first `frames` frames this receiver got (before decryption),
 * plus an SFrame parse of each received one.
 */
export class FrameTap {
  #sendLeft = 0
  #recvLeft = 0
  #report: TapReport = emptyTap()

  arm(frames: number): void {
    this.#sendLeft = frames
    this.#recvLeft = frames
    this.#report = emptyTap()
  }

  async sent(plain: Uint8Array): Promise<void> {
    if (this.#sendLeft <= 0) return
    this.#sendLeft--
    this.#report.sentPlain.push(await sha256Hex(plain))
  }

  async received(wire: Uint8Array, prefixLength: number, knownKids: ReadonlySet<bigint>): Promise<void> {
    if (this.#recvLeft <= 0) return
    this.#recvLeft--
    this.#report.received.push(await sha256Hex(wire))
    try {
      const { kid } = decodeHeader(wire, prefixLength)
      this.#report.receivedParsed++
      if (knownKids.has(kid)) this.#report.receivedKnownKid++
    } catch {
      this.#report.receivedUnparsed++
    }
  }

  report(): TapReport {
    const r = this.#report
    return { ...r, sentPlain: [...r.sentPlain], received: [...r.received] }
  }
}

/** Sealed extra copies of the next video frames (each under its own CTR, never sent), kept for replay. */
export class HeldFrames {
  #left = 0
  #frames: Array<{ epoch: number; slot: number; frame: Uint8Array }> = []

  arm(frames: number): void {
    this.#left = frames
    this.#frames = []
  }

  get wanted(): boolean {
    return this.#left > 0
  }

  add(sealed: Uint8Array, prefixLength: number): void {
    if (this.#left <= 0) return
    this.#left--
    const { kid } = decodeHeader(sealed, prefixLength)
    this.#frames.push({ ...splitKid(kid), frame: sealed })
  }

  list(): Array<{ epoch: number; slot: number; frame: Uint8Array }> {
    return this.#frames.map((f) => ({ ...f, frame: new Uint8Array(f.frame) }))
  }
}

/** Tries sealed VP8 frames under this receiver's keys now; counts openings and failures by code. */
export async function tryFrames(receiver: ReceiverContext, frames: Uint8Array[]): Promise<TryReport> {
  const out: TryReport = { opened: 0, failed: {} }
  for (const frame of frames) {
    try {
      const r = await receiver.decryptFrame(frame, clearPrefixLength('vp8', frame))
      r.payload.fill(0)
      out.opened++
    } catch (err) {
      const code = isE2eeError(err) ? err.code : 'failed'
      out.failed[code] = (out.failed[code] ?? 0) + 1
    }
  }
  return out
}

function emptyTap(): TapReport {
  return { sentPlain: [], received: [], receivedParsed: 0, receivedKnownKid: 0, receivedUnparsed: 0 }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)))
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
}
