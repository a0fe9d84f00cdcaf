// Sender side of the frame layer (E2EE.md sections 3-4, RFC 9605 section 4.4.3).
// One SenderContext per local sender, held by the single E2EE worker and shared by every peer
// connection, track and layer: there is exactly one CTR per KID, it is never reset, and the
// context refuses to encrypt at 2^32 (rotate before). A KID is never reused: epochs only go up.

import type { Bytes } from './bytes.ts'
import { concat } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { FrameKey } from './frame-key.ts'
import { checkEpoch, checkSlot, makeKid, MAX_CTR } from './kid.ts'
import type { SenderKey } from './sender-key.ts'
import { senderKeyBytes } from './sender-key.ts'
import { DEFAULT_SUITE, suiteParams, type CipherSuiteId } from './suites.ts'

interface Generation {
  readonly epoch: number
  readonly kid: bigint
  readonly frameKey: FrameKey
  readonly base: SenderKey
  ctr: number
}

export interface SenderOptions {
  readonly slot: number
  readonly suite?: CipherSuiteId
}

const EMPTY = new Uint8Array(0)
let setCounter: (s: SenderContext, ctr: number) => void

export class SenderContext {
  readonly suite: CipherSuiteId
  readonly slot: number
  #active: Generation | undefined
  readonly #pending = new Map<number, Generation>()
  #highestEpoch = -1

  private constructor(suite: CipherSuiteId, slot: number) {
    this.suite = suite
    this.slot = slot
  }

  static {
    setCounter = (s, ctr) => {
      if (s.#active) s.#active.ctr = ctr
    }
  }

  static create(options: SenderOptions): SenderContext {
    checkSlot(options.slot)
    const suite = options.suite ?? DEFAULT_SUITE
    suiteParams(suite)
    return new SenderContext(suite, options.slot)
  }

  get epoch(): number | undefined {
    return this.#active?.epoch
  }

  get kid(): bigint | undefined {
    return this.#active?.kid
  }

  /** Frames left under the active KID before the context refuses to encrypt. */
  get remaining(): number {
    return this.#active ? MAX_CTR - this.#active.ctr : 0
  }

  /** Derives the keys for a new generation without switching to it (see activate). */
  async addKey(epoch: number, key: SenderKey): Promise<void> {
    checkEpoch(epoch)
    if (epoch <= this.#highestEpoch) throw new E2eeError('kid-reused')
    this.#highestEpoch = epoch // claimed before the await: a concurrent call cannot take it too
    const kid = makeKid(epoch, this.slot)
    const frameKey = await FrameKey.derive(this.suite, kid, senderKeyBytes(key))
    this.#pending.set(epoch, { epoch, kid, frameKey, base: key, ctr: 0 })
  }

  /** Switches to a generation added before; older pending generations are dropped. */
  activate(epoch: number): void {
    const next = this.#pending.get(epoch)
    if (next === undefined) throw new E2eeError('unknown-kid')
    for (const e of this.#pending.keys()) if (e <= epoch) this.#pending.delete(e)
    this.#active = next
  }

  async setKey(epoch: number, key: SenderKey): Promise<void> {
    await this.addKey(epoch, key)
    this.activate(epoch)
  }

  /**
   * Join (E2EE.md section 3): ratchets the active key to the next epoch and switches to it.
   * Returns the new key, to be sent to the joiner only; other members ratchet their own copy.
   */
  async ratchet(): Promise<{ epoch: number; key: SenderKey }> {
    const active = this.#active
    if (active === undefined) throw new E2eeError('unknown-kid')
    const epoch = active.epoch + 1
    const key = await active.base.ratchet(this.suite)
    await this.setKey(epoch, key)
    return { epoch, key }
  }

  #reserve(): { gen: Generation; ctr: bigint } {
    const gen = this.#active
    if (gen === undefined) throw new E2eeError('unknown-kid')
    if (gen.ctr >= MAX_CTR) throw new E2eeError('ctr-exhausted')
    return { gen, ctr: BigInt(gen.ctr++) } // synchronous: concurrent calls never share a counter
  }

  /** Encrypts a payload: returns header | ciphertext | tag, AAD = header | metadata. */
  async encrypt(payload: Uint8Array, metadata: Uint8Array = EMPTY): Promise<Bytes> {
    const { gen, ctr } = this.#reserve()
    return gen.frameKey.seal(ctr, payload, metadata)
  }

  /** Like encrypt, but the payload is built for the reserved (KID, CTR), e.g. signed over them. */
  async encryptWith(
    metadata: Uint8Array,
    build: (kid: bigint, ctr: bigint) => Promise<Uint8Array>,
  ): Promise<Bytes> {
    const { gen, ctr } = this.#reserve()
    return gen.frameKey.seal(ctr, await build(gen.kid, ctr), metadata)
  }

  /** Media frame: clear_prefix | header | ciphertext | tag, AAD = header | clear_prefix. */
  async encryptFrame(frame: Uint8Array, clearPrefixLength: number): Promise<Bytes> {
    const n = Math.max(0, Math.min(clearPrefixLength, frame.length))
    const prefix = frame.subarray(0, n)
    return concat(prefix, await this.encrypt(frame.subarray(n), prefix))
  }
}

/** Test-only: jump the active counter (to test exhaustion without 2^32 frames). Not in index.ts. */
export function unsafeSetCounterForTest(sender: SenderContext, ctr: number): void {
  setCounter(sender, ctr)
}
