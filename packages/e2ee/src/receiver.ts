// Receiver side of the frame layer (E2EE.md sections 3-4, RFC 9605 section 4.4.4).
// Frames are attributed to the owner of their KID (never to SSRC or track). A frame that does not
// authenticate is dropped with a typed error and nothing of it is returned. Replayed counters are
// rejected by a per-KID sliding window. At most `maxEpochs` (2) generations are kept per sender.
// Decryption never derives keys: ratcheting happens only on an explicit, authenticated request
// (ratchetSender), never because a frame failed or carried an unknown KID.

import { concat, type Bytes } from './bytes.ts'
import { E2eeError } from './errors.ts'
import { FrameKey } from './frame-key.ts'
import { decodeHeader } from './header.ts'
import { checkEpoch, checkSlot, makeKid, MAX_CTR, splitKid } from './kid.ts'
import { ReplayWindow } from './replay-window.ts'
import { senderKeyBytes, type SenderKey } from './sender-key.ts'
import { DEFAULT_SUITE, suiteParams, type CipherSuiteId } from './suites.ts'

interface KidState {
  readonly slot: number
  readonly epoch: number
  readonly frameKey: FrameKey
  readonly base: SenderKey
  readonly window: ReplayWindow
}

export interface ReceiverOptions {
  readonly suite?: CipherSuiteId
  /** Replay window per KID, in counters (default 1024). */
  readonly replayWindow?: number
  /** Generations kept per sender (default 2, E2EE.md section 3). */
  readonly maxEpochs?: number
}

export interface DecryptedFrame {
  readonly slot: number
  readonly epoch: number
  readonly kid: bigint
  readonly ctr: number
  readonly payload: Bytes
}

const EMPTY = new Uint8Array(0)

export class ReceiverContext {
  readonly suite: CipherSuiteId
  readonly #windowSize: number
  readonly #maxEpochs: number
  readonly #kids = new Map<bigint, KidState>()

  private constructor(suite: CipherSuiteId, windowSize: number, maxEpochs: number) {
    this.suite = suite
    this.#windowSize = windowSize
    this.#maxEpochs = maxEpochs
  }

  static create(options: ReceiverOptions = {}): ReceiverContext {
    const suite = options.suite ?? DEFAULT_SUITE
    suiteParams(suite)
    const windowSize = options.replayWindow ?? 1024
    const maxEpochs = options.maxEpochs ?? 2
    if (!Number.isInteger(windowSize) || windowSize < 1 || windowSize > 1 << 16)
      throw new E2eeError('invalid-argument', 'replayWindow')
    if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw new E2eeError('invalid-argument', 'maxEpochs')
    return new ReceiverContext(suite, windowSize, maxEpochs)
  }

  /** Epochs held for a sender, oldest first. */
  epochs(slot: number): number[] {
    const out: number[] = []
    for (const s of this.#kids.values()) if (s.slot === slot) out.push(s.epoch)
    return out.sort((a, b) => a - b)
  }

  /** Installs the key a sender sent over the pairwise channel. Idempotent for the same key. */
  async setSenderKey(slot: number, epoch: number, key: SenderKey): Promise<void> {
    const kid = makeKid(epoch, slot)
    const frameKey = await FrameKey.derive(this.suite, kid, senderKeyBytes(key))
    const existing = this.#kids.get(kid)
    if (existing !== undefined) {
      if (existing.base.equals(key)) return
      throw new E2eeError('key-conflict')
    }
    const held = this.epochs(slot)
    if (held.length >= this.#maxEpochs && epoch < (held[0] ?? 0))
      throw new E2eeError('invalid-argument', 'stale epoch')
    const window = new ReplayWindow(this.#windowSize)
    this.#kids.set(kid, { slot, epoch, frameKey, base: key, window })
    const now = this.epochs(slot)
    for (const old of now.slice(0, Math.max(0, now.length - this.#maxEpochs))) this.removeEpoch(slot, old)
  }

  /**
   * Join (E2EE.md section 3): the sender announced over the authenticated pairwise channel that it
   * ratcheted to `toEpoch`; derive that key from the previous epoch's key.
   */
  async ratchetSender(slot: number, toEpoch: number): Promise<void> {
    checkSlot(slot)
    checkEpoch(toEpoch)
    const prev = this.#kids.get(makeKid(toEpoch - 1, slot))
    if (prev === undefined) throw new E2eeError('unknown-kid')
    await this.setSenderKey(slot, toEpoch, await prev.base.ratchet(this.suite))
  }

  removeEpoch(slot: number, epoch: number): void {
    this.#kids.delete(makeKid(epoch, slot))
  }

  removeSender(slot: number): void {
    for (const [kid, s] of this.#kids) if (s.slot === slot) this.#kids.delete(kid)
  }

  /** Decrypts header | ciphertext | tag with AAD = header | metadata. */
  async decrypt(data: Uint8Array, metadata: Uint8Array = EMPTY): Promise<DecryptedFrame> {
    const header = decodeHeader(data)
    if (header.ctr >= BigInt(MAX_CTR)) throw new E2eeError('malformed', 'ctr out of range')
    const state = this.#kids.get(header.kid)
    if (state === undefined) throw new E2eeError('unknown-kid')
    const ctr = Number(header.ctr)
    if (!state.window.accepts(ctr)) throw new E2eeError('replay')
    const payload = await state.frameKey.open(header, data, metadata)
    // re-checked after the await: a duplicate decrypted concurrently, or a key dropped meanwhile
    if (this.#kids.get(header.kid) !== state) {
      payload.fill(0)
      throw new E2eeError('unknown-kid')
    }
    if (!state.window.accepts(ctr)) {
      payload.fill(0)
      throw new E2eeError('replay')
    }
    state.window.mark(ctr)
    const { epoch, slot } = splitKid(header.kid)
    return { slot, epoch, kid: header.kid, ctr, payload }
  }

  /** Media frame clear_prefix | header | ciphertext | tag: returns clear_prefix | plaintext. */
  async decryptFrame(frame: Uint8Array, clearPrefixLength: number): Promise<DecryptedFrame> {
    const n = Math.max(0, Math.min(clearPrefixLength, frame.length))
    const prefix = frame.subarray(0, n)
    const out = await this.decrypt(frame.subarray(n), prefix)
    return { ...out, payload: concat(prefix, out.payload) }
  }
}
