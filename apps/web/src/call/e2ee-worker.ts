// The one E2EE worker of a call (E2EE.md sections 2-7). It holds the device identity handle, the
// per-call X-Wing key, the pairwise sessions, the SAS, the chat contexts and the SFrame sender and
// receiver contexts with their counters, shared by every peer connection (one CTR per KID: in a
// mesh the same frame is encoded once per connection, so separate counters would reuse nonces).
// The main thread only ever sees opaque protocol bytes, public keys and frame counters.
// Nothing here logs: errors go back as a fixed E2EE error code.
import {
  CallSas,
  ChatReceiver,
  ChatSender,
  ChatType,
  DeviceIdentity,
  DevicePublicKey,
  HandshakeInitiator,
  HandshakeResponder,
  ReceiverContext,
  Roster,
  SenderContext,
  SenderKey,
  canonicalFingerprint,
  clearPrefixLength,
  isE2eeError,
  makeKid,
  selectXWing,
  type ControlMessage,
  type LocalParty,
  type PairwiseSession,
  type XWingKem,
} from '@tessera/e2ee'
import { base64ToBytes } from './base64.ts'
import { FrameTap, HeldFrames, NonceLog, tryFrames } from './e2ee-test-hooks.ts'
import type {
  ChatOpened,
  MediaKind,
  Outgoing,
  RekeyResult,
  RosterInfo,
  RotationReport,
  StepResult,
  StreamCounters,
  WorkerEvent,
  WorkerReply,
  WorkerRequest,
} from './worker-protocol.ts'

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number; req: WorkerRequest }>) => void) | null
  postMessage(message: unknown): void
}
const scope = self as unknown as WorkerScope

interface Round {
  readonly tag: string
  readonly slots: ReadonlySet<number>
  readonly sas: CallSas
  readonly local: LocalParty
  /** This sender's newest generation (a periodic rotation replaces it within the round). */
  epoch: number
  key: SenderKey
  readonly initiators: Map<number, HandshakeInitiator>
  readonly responders: Map<number, HandshakeResponder>
  readonly sessions: Map<number, PairwiseSession>
  readonly acked: Set<number>
  readonly reveals: Map<number, Uint8Array>
  activated: boolean
  sasShown: boolean
}

/** All state of this call; one worker per call, so one instance per worker. */
class CallCrypto {
  identity: DeviceIdentity | undefined
  kem: XWingKem | undefined
  testHooks = false
  callId = ''
  roster: Roster | undefined
  selfSlot: number | null = null
  sender: SenderContext | undefined
  chatSender: ChatSender | undefined
  chatReceiver: ChatReceiver | undefined
  readonly receiver = ReceiverContext.create()
  round: Round | undefined
  currentKey: SenderKey | undefined
  roundSlots: ReadonlySet<number> = new Set()
  readonly counters = new Map<string, StreamCounters>()
  injectFrames = 0
  hideSendFrames = false
  /** Test hooks only: SHA-256 (hex) of every base key this sender drew. */
  readonly keyDigests: string[] = []
  /** Test hooks only: this sender's generations, and the leave probe (E2EE.md section 9 point 8). */
  readonly rotations: RotationReport['rotations'] = []
  /** Test hooks only: the newest key installed per sender slot (what every round member holds). */
  readonly lastKeys = new Map<number, { epoch: number; key: SenderKey }>()
  probe: (NonNullable<RotationReport['probe']> & { shadow: ReceiverContext }) | null = null
  /** The highest epoch this sender claimed (a pending generation counts): KIDs never repeat. */
  highestEpoch = -1
  /** Per sender slot, the epoch whose first frame scheduled the 2 s drop of the older ones. */
  readonly inUse = new Map<number, number>()
  /** Test hooks only: the drops done, every KID this receiver was given, and the instruments. */
  readonly drops: RotationReport['drops'] = []
  readonly knownKids = new Set<bigint>()
  readonly nonces = new NonceLog()
  readonly tap = new FrameTap()
  readonly held = new HeldFrames()

  requireIdentity(): DeviceIdentity {
    if (!this.identity) throw new Error('not initialised')
    return this.identity
  }

  async init(pair: CryptoKeyPair, testHooks: boolean): Promise<string> {
    this.identity = await DeviceIdentity.fromCryptoKeyPair(pair)
    this.kem = await selectXWing()
    this.testHooks = testHooks
    return this.kem.implementation
  }

  async signRoster(callId: string, version: number, members: RosterInfo['members']): Promise<Uint8Array> {
    const list = await Promise.all(
      members.map(async (m) => ({
        slot: m.slot,
        accountId: m.accountId,
        deviceKey: await DevicePublicKey.fromBytes(base64ToBytes(m.deviceKey)),
      })),
    )
    return (await Roster.sign(this.requireIdentity(), callId, version, list)).encoded
  }

  async setRoster(callId: string, bytes: Uint8Array, hostKey: string): Promise<RosterInfo> {
    const host = await DevicePublicKey.fromBytes(base64ToBytes(hostKey))
    const roster = await Roster.verify(bytes, host, callId)
    const me = roster.memberByKey(this.requireIdentity().publicKey)
    this.callId = callId
    this.roster = roster
    const slot = me?.slot ?? null
    if (slot !== null && slot !== this.selfSlot) {
      this.sender = SenderContext.create({ slot })
      this.chatSender = ChatSender.create({ callId, slot, identity: this.requireIdentity() })
      this.currentKey = undefined
    }
    this.selfSlot = slot
    this.chatReceiver = ChatReceiver.create({ callId, roster })
    return {
      version: roster.version,
      selfSlot: slot,
      members: roster.members.map((m) => ({
        slot: m.slot,
        accountId: m.accountId,
        deviceKey: btoa(String.fromCharCode(...m.deviceKey.bytes)),
      })),
    }
  }

  /** A new handshake round (E2EE.md sections 2, 3 and 5): fresh X-Wing key and SAS, next key. */
  async newRound(tag: string, slots: number[], fingerprint: string, minEpoch: number): Promise<number> {
    // the SAS entry must hold the same form the peers receive in the handshake
    const dtlsFingerprint = canonicalFingerprint(fingerprint)
    const sender = this.sender
    const kem = this.kem
    if (!sender || !kem || this.selfSlot === null || !this.chatSender) throw new Error('no roster slot')
    const previous = this.roundSlots
    const next = new Set(slots)
    // A member who left: its keys go at once, so nothing it sends (or anyone sends under its KIDs)
    // is accepted any more (E2EE.md section 3, "Leave").
    for (const gone of previous)
      if (!next.has(gone)) {
        this.receiver.removeSender(gone)
        this.inUse.delete(gone)
        this.chatReceiver?.removeSender(gone)
        this.lastKeys.delete(gone)
      }
    let epoch: number
    let key: SenderKey
    let kind: RotationReport['rotations'][number]['kind'] = 'fresh'
    // a ratchet builds on the active key: only when the previous round's key is the active one
    const joinOnly =
      [...previous].every((s) => next.has(s)) && previous.size > 0 && (this.round?.activated ?? true)
    if (this.currentKey === undefined || sender.epoch === undefined) {
      // first key of this sender in this call: nothing was sent before, switch at once
      epoch = minEpoch
      kind = 'first'
      key = await this.freshKey()
      await sender.setKey(epoch, key)
      await this.chatSender.setKey(epoch, key)
    } else if (joinOnly) {
      // join: ratchet forward, so the joiner cannot read what was sent before it joined
      const r = await sender.ratchet()
      kind = 'join'
      epoch = r.epoch
      key = r.key
      await this.chatSender.setKey(epoch, key)
    } else {
      // leave or rejoin: a fresh key, switched to once every remaining member acknowledged (or 1 s)
      epoch = Math.max(minEpoch, (sender.epoch ?? 0) + 1, this.highestEpoch + 1)
      key = await this.freshKey()
      await sender.addKey(epoch, key)
    }
    this.highestEpoch = Math.max(this.highestEpoch, epoch)
    this.currentKey = key
    this.roundSlots = next
    const ephemeral = await kem.generateKeyPair()
    const self = {
      slot: this.selfSlot,
      deviceKey: this.requireIdentity().publicKey,
      ephemeralPublicKey: ephemeral.publicKey,
      dtlsFingerprint,
    }
    const sas = await CallSas.create(this.callId, self, slots)
    this.round = {
      tag,
      slots: next,
      sas,
      local: {
        identity: this.requireIdentity(),
        slot: this.selfSlot,
        ephemeral,
        dtlsFingerprint,
        commitment: sas.commitment,
      },
      epoch,
      key,
      initiators: new Map(),
      responders: new Map(),
      sessions: new Map(),
      acked: new Set(),
      reveals: new Map(),
      activated: sender.epoch === epoch,
      sasShown: false,
    }
    if (this.testHooks)
      this.rotations.push({
        epoch,
        kind,
        startedAt: Date.now(),
        activatedAt: this.round.activated ? Date.now() : null,
        by: this.round.activated ? 'at-once' : null,
      })
    if (!this.round.activated) {
      const round = this.round
      setTimeout(() => void this.activate(round, 'timer', epoch), 1000)
    }
    return epoch
  }

  /**
   * Periodic rotation (E2EE.md section 3): a fresh key for the current round's members, sent over
   * the pairwise sessions like a leave's, switched to when all acknowledged or after 1 s. Skipped
   * (epoch null) while the round is still being set up or a previous generation is not in use yet.
   */
  async rekey(tag: string): Promise<RekeyResult> {
    const result: RekeyResult = { epoch: null, out: [], events: [] }
    const round = this.round
    const sender = this.sender
    if (!round || round.tag !== tag || !round.activated || !sender || sender.epoch === undefined)
      return result
    if ([...round.slots].some((s) => s !== this.selfSlot && !round.sessions.has(s))) return result
    const epoch = Math.max(sender.epoch + 1, this.highestEpoch + 1)
    const key = await this.freshKey()
    await sender.addKey(epoch, key)
    this.highestEpoch = epoch
    this.currentKey = key
    Object.assign(round, { epoch, key, activated: false })
    round.acked.clear()
    if (this.testHooks)
      this.rotations.push({ epoch, kind: 'periodic', startedAt: Date.now(), activatedAt: null, by: null })
    for (const slot of round.sessions.keys())
      await this.seal(round, slot, { kind: 'sender-key', epoch, key }, result.out)
    setTimeout(() => void this.activate(round, 'timer', epoch), 1000)
    return { ...result, epoch }
  }

  /**
   * A fresh base key. With test hooks on, the key is drawn here so that its SHA-256 can be kept for
   * the browser test that looks for key bytes on the wire (E2EE.md section 9 point 6); the digest
   * reveals nothing about the key. Otherwise SenderKey.generate().
   */
  async freshKey(): Promise<SenderKey> {
    if (!this.testHooks) return SenderKey.generate()
    const raw = crypto.getRandomValues(new Uint8Array(32))
    const key = SenderKey.fromBytes(raw)
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw))
    this.keyDigests.push([...digest].map((b) => b.toString(16).padStart(2, '0')).join(''))
    raw.fill(0)
    return key
  }

  async activate(round: Round, by: 'acks' | 'timer', epoch: number): Promise<void> {
    if (round.activated || this.round !== round || round.epoch !== epoch) return
    if (!this.sender || !this.chatSender) return
    round.activated = true
    this.sender.activate(round.epoch)
    const logged = this.rotations.findLast((r) => r.epoch === round.epoch)
    if (logged) Object.assign(logged, { activatedAt: Date.now(), by })
    await this.chatSender.setKey(round.epoch, round.key).catch(() => undefined)
  }

  roundFor(tag: string): Round {
    const round = this.round
    if (!round || round.tag !== tag) throw new Error('stale round')
    return round
  }

  context(round: Round) {
    if (!this.roster) throw new Error('no roster')
    return { callId: this.callId, roster: this.roster, local: round.local }
  }

  async initiate(tag: string, peerSlot: number): Promise<Uint8Array> {
    const round = this.roundFor(tag)
    const init = await HandshakeInitiator.start(this.context(round), peerSlot)
    round.initiators.set(peerSlot, init)
    return init.message
  }

  async handshake(tag: string, fromSlot: number, bytes: Uint8Array, fp: string): Promise<StepResult> {
    const round = this.roundFor(tag)
    const result: StepResult = { out: [], events: [] }
    if (bytes[1] === 0x01) {
      if (!this.kem) throw new Error('no kem')
      const resp = await HandshakeResponder.respond(this.context(round), this.kem, bytes, fp)
      if (resp.peer.slot !== fromSlot) throw new Error('slot')
      round.responders.set(fromSlot, resp)
      result.out.push({ slot: fromSlot, kind: 'handshake', bytes: resp.message })
      return result
    }
    const init = round.initiators.get(fromSlot)
    if (!init) throw new Error('no handshake')
    const { confirmation, session } = await init.finish(bytes, fp)
    if (session.peer.slot !== fromSlot) throw new Error('slot')
    round.initiators.delete(fromSlot)
    result.out.push({ slot: fromSlot, kind: 'key-confirm', bytes: confirmation })
    await this.established(round, session, result)
    return result
  }

  async confirm(tag: string, fromSlot: number, bytes: Uint8Array): Promise<StepResult> {
    const round = this.roundFor(tag)
    const resp = round.responders.get(fromSlot)
    if (!resp) throw new Error('no handshake')
    const session = await resp.confirm(bytes)
    round.responders.delete(fromSlot)
    const result: StepResult = { out: [], events: [] }
    await this.established(round, session, result)
    return result
  }

  async established(round: Round, session: PairwiseSession, result: StepResult): Promise<void> {
    const slot = session.peer.slot
    round.sessions.set(slot, session)
    round.sas.addPeer(session.peer)
    result.events.push({ type: 'session', slot })
    await this.seal(round, slot, { kind: 'sender-key', epoch: round.epoch, key: round.key }, result.out)
    await this.maybeReveal(round, result)
  }

  async seal(round: Round, slot: number, msg: ControlMessage, out: Outgoing[]): Promise<void> {
    const session = round.sessions.get(slot)
    if (!session) return
    const kind = msg.kind === 'sas-reveal' ? 'verify' : 'key-confirm'
    out.push({ slot, kind, bytes: await session.seal(msg) })
  }

  async maybeReveal(round: Round, result: StepResult): Promise<void> {
    const sas = round.sas
    if (!sas.readyToReveal) return
    // commit-then-reveal (E2EE.md section 5): r goes out only once every commitment is held
    if (!sasRevealed.has(sas)) {
      sasRevealed.add(sas)
      const secret = sas.reveal()
      for (const slot of round.sessions.keys())
        await this.seal(round, slot, { kind: 'sas-reveal', secret }, result.out)
      secret.fill(0)
    }
    for (const [slot, secret] of round.reveals) {
      round.reveals.delete(slot)
      await sas.addReveal(slot, secret)
    }
    await this.maybeShowSas(round, result.events)
  }

  async maybeShowSas(round: Round, events: WorkerEvent[]): Promise<void> {
    if (round.sasShown || !round.sas.complete || !sasRevealed.has(round.sas)) return
    round.sasShown = true
    const r = await round.sas.result()
    events.push({
      type: 'sas',
      digits: r.digits,
      emoji: r.emoji.map((e) => ({ symbol: e.symbol, name: e.name })),
    })
  }

  async control(tag: string, fromSlot: number, bytes: Uint8Array): Promise<StepResult> {
    const round = this.roundFor(tag)
    const session = round.sessions.get(fromSlot)
    if (!session) throw new Error('no session')
    const msg = await session.open(bytes)
    const result: StepResult = { out: [], events: [] }
    switch (msg.kind) {
      case 'sender-key':
        await this.installKey(fromSlot, msg.epoch, msg.key)
        await this.seal(round, fromSlot, { kind: 'key-ack', epoch: msg.epoch }, result.out)
        result.events.push({ type: 'peer-key', slot: fromSlot })
        break
      case 'ratchet':
        await this.receiver.ratchetSender(fromSlot, msg.epoch)
        if (this.testHooks) this.knownKids.add(makeKid(msg.epoch, fromSlot))
        break
      case 'key-ack':
        if (msg.epoch === round.epoch) {
          round.acked.add(fromSlot)
          if ([...round.slots].every((s) => s === this.selfSlot || round.acked.has(s)))
            await this.activate(round, 'acks', msg.epoch)
          result.events.push({ type: 'key-acked', slot: fromSlot })
        }
        break
      case 'sas-reveal':
        if (round.sas.readyToReveal && sasRevealed.has(round.sas)) {
          await round.sas.addReveal(fromSlot, msg.secret)
          await this.maybeShowSas(round, result.events)
        } else {
          round.reveals.set(fromSlot, new Uint8Array(msg.secret))
        }
        break
      default:
        msg satisfies never
    }
    return result
  }

  async installKey(slot: number, epoch: number, key: SenderKey): Promise<void> {
    if (this.testHooks) this.knownKids.add(makeKid(epoch, slot))
    try {
      await this.receiver.setSenderKey(slot, epoch, key)
      if (this.testHooks) this.lastKeys.set(slot, { epoch, key })
    } catch (err) {
      // the member rejoined and started over: its earlier keys are void
      if (!isE2eeError(err, 'key-conflict') && !isE2eeError(err, 'invalid-argument')) throw err
      this.receiver.removeSender(slot)
      this.inUse.delete(slot)
      await this.receiver.setSenderKey(slot, epoch, key)
      if (this.testHooks) this.lastKeys.set(slot, { epoch, key })
    }
    if (this.chatReceiver) {
      try {
        await this.chatReceiver.setSenderKey(slot, epoch, key)
      } catch {
        this.chatReceiver.removeSender(slot)
        await this.chatReceiver.setSenderKey(slot, epoch, key)
      }
    }
  }

  async chatSeal(text: string): Promise<Uint8Array> {
    if (!this.chatSender) throw new Error('no chat key')
    return this.chatSender.seal(ChatType.text, text)
  }

  async chatOpen(bytes: Uint8Array): Promise<ChatOpened> {
    if (!this.chatReceiver) throw new Error('no chat key')
    const m = await this.chatReceiver.open(bytes)
    return { slot: m.slot, accountId: m.accountId, text: m.text }
  }

  // ---------- media frames (E2EE.md section 4) ----------

  attach(req: Extract<WorkerRequest, { op: 'attach' }>): void {
    const c: StreamCounters = {
      id: req.id,
      direction: req.direction,
      kind: req.kind,
      frames: 0,
      passed: 0,
      dropped: 0,
      injectedRejected: 0,
      injectedAccepted: 0,
      bytesIn: 0,
      bytesOut: 0,
    }
    this.counters.set(req.id, c)
    const transform =
      req.direction === 'send'
        ? (frame: EncodedFrame, ctl: TransformStreamDefaultController<EncodedFrame>) =>
            this.encryptFrame(c, frame, ctl)
        : (frame: EncodedFrame, ctl: TransformStreamDefaultController<EncodedFrame>) =>
            this.decryptFrame(c, req.slot, frame, ctl)
    void req.readable
      .pipeThrough(new TransformStream<EncodedFrame, EncodedFrame>({ transform }))
      .pipeTo(req.writable as WritableStream<EncodedFrame>)
      .catch(() => undefined)
  }

  async encryptFrame(
    c: StreamCounters,
    frame: EncodedFrame,
    ctl: TransformStreamDefaultController<EncodedFrame>,
  ): Promise<void> {
    // test hook: the counter stops, as if frames bypassed this transform (the watchdog must react)
    if (!this.hideSendFrames) c.frames++
    const sender = this.sender
    // never send plaintext: without a key the frame is dropped
    if (!sender || sender.epoch === undefined) {
      c.dropped++
      return
    }
    const data = new Uint8Array(frame.data)
    try {
      const prefix = prefixLength(c.kind, data)
      if (this.testHooks) await this.testSealed(c.kind, sender, data, prefix)
      const out = await sender.encryptFrame(data, prefix)
      if (this.testHooks) this.nonces.record(out, Math.min(prefix, data.length))
      frame.data = out.buffer
      c.passed++
      c.bytesIn += data.byteLength
      c.bytesOut += out.buffer.byteLength
      ctl.enqueue(frame)
    } catch {
      c.dropped++
    }
  }

  /** The one decision point: the payload to pass on, or null (dropped, never enqueued). */
  async open(kind: MediaKind, slot: number, data: Uint8Array): Promise<Uint8Array<ArrayBuffer> | null> {
    try {
      const out = await this.receiver.decryptFrame(data, prefixLength(kind, data))
      if (out.slot !== slot) return null // a frame attributed to another member on this connection
      if (this.inUse.get(slot) !== out.epoch) this.newEpochInUse(slot, out.epoch)
      return out.payload
    } catch {
      return null
    }
  }

  async decryptFrame(
    c: StreamCounters,
    slot: number,
    frame: EncodedFrame,
    ctl: TransformStreamDefaultController<EncodedFrame>,
  ): Promise<void> {
    c.frames++
    const data = new Uint8Array(frame.data)
    if (this.testHooks) await this.tap.received(data, prefixLength(c.kind, data), this.knownKids)
    const payload = await this.open(c.kind, slot, data)
    if (payload === null) {
      c.dropped++
      return
    }
    if (this.probe) await this.probeFrame(c.kind, data)
    if (this.testHooks && this.injectFrames > 0 && c.kind === 'video') {
      this.injectFrames--
      await this.injectTests(c, slot, data, payload)
    }
    frame.data = payload.buffer
    c.passed++
    c.bytesIn += data.byteLength
    c.bytesOut += payload.buffer.byteLength
    ctl.enqueue(frame)
  }

  /**
   * E2EE.md section 3: a sender's newer epoch authenticated its first frame, so it is in use; its
   * older epochs go 2 s later (frames still in flight under them arrive meanwhile).
   */
  newEpochInUse(slot: number, epoch: number): void {
    const previous = this.inUse.get(slot)
    if (previous !== undefined && previous > epoch) return // a late frame of an older epoch
    this.inUse.set(slot, epoch)
    const older = this.receiver.epochs(slot).filter((e) => e < epoch)
    if (older.length === 0) return
    const inUseAt = Date.now()
    setTimeout(() => {
      for (const e of older) this.receiver.removeEpoch(slot, e)
      if (this.testHooks)
        this.drops.push({ slot, epochs: older, inUseEpoch: epoch, inUseAt, droppedAt: Date.now() })
    }, 2000)
  }

  /** Test hooks: the plaintext tap, and sealed copies held back for replay (each under its own CTR). */
  async testSealed(kind: MediaKind, sender: SenderContext, data: Uint8Array, prefix: number): Promise<void> {
    await this.tap.sent(data)
    if (kind !== 'video' || !this.held.wanted) return
    const copy = await sender.encryptFrame(data, prefix)
    const n = Math.min(prefix, data.length)
    this.nonces.record(copy, n)
    this.held.add(copy, n)
  }

  /**
   * Test-only (E2EE.md section 9 point 8): from now on every frame that arrives is also tried under
   * the keys held now, i.e. the keys a member who leaves next still has. After the leave rotation
   * those must stop opening the remaining members' new frames.
   */
  async armLeaveProbe(): Promise<boolean> {
    if (!this.testHooks) return false
    // ...and every ratchet step forward of them (RFC 9605 section 5.1 is public derivation, so a
    // leaver can compute those): a leave must draw fresh keys, never ratchet.
    const shadow = ReceiverContext.create({ maxEpochs: 8 })
    for (const [slot, { epoch, key }] of this.lastKeys) {
      await shadow.setSenderKey(slot, epoch, key)
      for (let step = 1; step <= 4; step++) await shadow.ratchetSender(slot, epoch + step)
    }
    this.probe = {
      armedAt: Date.now(),
      slots: [...this.lastKeys.keys()],
      accepted: 0,
      rejected: 0,
      lastAcceptedAt: null,
      shadow,
    }
    return true
  }

  async probeFrame(kind: MediaKind, data: Uint8Array): Promise<void> {
    const probe = this.probe
    if (!probe) return
    try {
      const out = await probe.shadow.decryptFrame(new Uint8Array(data), prefixLength(kind, data))
      out.payload.fill(0)
      probe.accepted++
      probe.lastAcceptedAt = Date.now()
    } catch {
      probe.rejected++
    }
  }

  rotationReport(): RotationReport | null {
    if (!this.testHooks) return null
    const slots = new Set([...this.roundSlots, ...this.lastKeys.keys(), ...(this.probe?.slots ?? [])])
    const { probe } = this
    return {
      rotations: this.rotations.map((r) => ({ ...r })),
      probe: probe
        ? {
            armedAt: probe.armedAt,
            slots: probe.slots,
            accepted: probe.accepted,
            rejected: probe.rejected,
            lastAcceptedAt: probe.lastAcceptedAt,
          }
        : null,
      held: [...slots].map((slot) => ({ slot, epochs: this.receiver.epochs(slot) })),
      roundSlots: [...this.roundSlots],
      drops: this.drops.map((d) => ({ ...d, epochs: [...d.epochs] })),
    }
  }

  /** Test-only (E2EE.md section 9 point 5): tampered, plaintext and replayed copies of a real frame. */
  async injectTests(c: StreamCounters, slot: number, data: Uint8Array, payload: Uint8Array): Promise<void> {
    const tampered = new Uint8Array(data)
    const last = tampered.length - 1
    tampered[last] = (tampered[last] ?? 0) ^ 0x01
    for (const copy of [tampered, new Uint8Array(payload), new Uint8Array(data)]) {
      if ((await this.open(c.kind, slot, copy)) === null) c.injectedRejected++
      else c.injectedAccepted++
    }
  }
}

type EncodedFrame = RTCEncodedVideoFrame | RTCEncodedAudioFrame

function prefixLength(kind: MediaKind, data: Uint8Array): number {
  return clearPrefixLength(kind === 'video' ? 'vp8' : 'opus', data)
}

const sasRevealed = new WeakSet<CallSas>()
const call = new CallCrypto()

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'init':
      return call.init(req.pair, req.testHooks)
    case 'sign-roster':
      return call.signRoster(req.callId, req.version, req.members)
    case 'set-roster':
      return call.setRoster(req.callId, req.roster, req.hostKey)
    case 'round':
      return call.newRound(req.tag, req.slots, req.dtlsFingerprint, req.minEpoch)
    case 'rekey':
      return call.rekey(req.tag)
    case 'initiate':
      return call.initiate(req.tag, req.peerSlot)
    case 'handshake':
      return call.handshake(req.tag, req.fromSlot, req.bytes, req.peerFingerprint)
    case 'confirm':
      return call.confirm(req.tag, req.fromSlot, req.bytes)
    case 'control':
      return call.control(req.tag, req.fromSlot, req.bytes)
    case 'chat-seal':
      return call.chatSeal(req.text)
    case 'chat-open':
      return call.chatOpen(req.bytes)
    case 'attach':
      return call.attach(req)
    case 'counters':
      return [...call.counters.values()].map((c) => ({ ...c }))
    case 'test-key-digests':
      return call.testHooks ? [...call.keyDigests] : []
    case 'test-hide-send-frames':
      if (call.testHooks) call.hideSendFrames = true
      return call.testHooks
    case 'test-leave-probe':
      return call.armLeaveProbe()
    case 'test-rotation-report':
      return call.rotationReport()
    case 'test-nonce-report':
      return call.testHooks ? call.nonces.report() : null
    case 'test-tap':
      if (call.testHooks) call.tap.arm(req.frames)
      return call.testHooks
    case 'test-tap-report':
      return call.testHooks ? call.tap.report() : null
    case 'test-hold-frames':
      if (call.testHooks) call.held.arm(req.frames)
      return call.testHooks
    case 'test-held-frames':
      return call.testHooks ? call.held.list() : []
    case 'test-try-frames':
      return call.testHooks ? tryFrames(call.receiver, req.frames) : null
    case 'test-inject':
      if (call.testHooks) call.injectFrames += req.frames
      return call.testHooks
    default:
      return req satisfies never
  }
}

scope.onmessage = (e) => {
  const { id, req } = e.data
  handle(req).then(
    (value) => scope.postMessage({ id, reply: { ok: true, value } satisfies WorkerReply }),
    (err: unknown) =>
      scope.postMessage({
        id,
        reply: { ok: false, code: isE2eeError(err) ? err.code : 'failed' } satisfies WorkerReply,
      }),
  )
}
