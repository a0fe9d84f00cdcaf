// The call engine (E2EE.md sections 1-7): device identity, signalling, the host-signed roster, a
// mesh of encrypted peer connections, handshake rounds, the SAS, chat, and the watchdog. All keys
// live in the E2EE worker; this class moves opaque bytes and renders state. Nothing is logged.
import type { SignalParticipant, SignalServerMessage } from '@tessera/contracts'
import { fromBase64Url, toBase64Url } from '@tessera/e2ee'
import { ApiError, request } from '../api/client.ts'
import { bytesToBase64, base64ToBytes } from './base64.ts'
import { initialCallState, type CallState, type ChatLine } from './call-state.ts'
import { CryptoWorker } from './crypto-worker-client.ts'
import { localDevice, type LocalDevice } from './device-identity.ts'
import { Peer } from './peer.ts'
import { checkPin, pin } from './pins.ts'
import { Signalling } from './signalling.ts'
import { Watchdog } from './watchdog.ts'
import type {
  ChatOpened,
  NonceReport,
  RekeyResult,
  RosterInfo,
  RotationReport,
  StepResult,
  TapReport,
  TryReport,
  WorkerEvent,
} from './worker-protocol.ts'

const SUITE = 5 // AES_256_GCM_SHA512_128 (RFC 9605), TH-E2EE v1
const TAG_BYTES = 8
const MAX_BUFFERED = 200
/** E2EE.md section 3: every sender draws a new generation this often. */
const REKEY_MS = 30 * 60_000
/** The shortest period the test hook 'tessera.test.rekey-ms' may set (switch 1 s + drop 2 s). */
const MIN_TEST_REKEY_MS = 3000

interface Round {
  tag: string
  slots: number[]
}

export interface EngineOptions {
  appointmentId: string
  /** A guest (interpreter, carer) has no account: its devices and relay credentials are under /api/guest. */
  role: 'host' | 'patient' | 'guest'
  /**
   * Host only: whether a present participant may go on the signed roster. The server lists who is
   * connected; the clinician's client decides (guests only once admitted from this client).
   */
  mayJoin?: (p: SignalParticipant) => boolean
  /** Test hooks (frame counters, tamper injection) are on only when this browser opted in. */
  testHooks: boolean
}

export class CallEngine {
  state: CallState = initialCallState
  readonly #listeners = new Set<() => void>()
  readonly #signal: Signalling
  readonly #peers = new Map<string, Peer>()
  #worker: CryptoWorker | undefined
  #device: LocalDevice | undefined
  #cert: RTCCertificate | undefined
  #fingerprint = ''
  #iceServers: RTCIceServer[] = []
  #relayOnly = false
  #me: string | null = null
  #callId = ''
  #participants: SignalParticipant[] = []
  #roster: RosterInfo | null = null
  #rosterBytes: string | null = null
  #hostKey: string | null = null
  #pendingVersion = 0
  #round: Round | null = null
  #early: Array<Extract<SignalServerMessage, { type: 'relay' }>> = []
  #queue: Promise<void> = Promise.resolve()
  #chatId = 0
  #ended = false
  #sendingStopped = false
  readonly #watchdog: Watchdog
  /** When this sender's current generation began (a round's key or the last periodic rotation). */
  #generationAt = 0
  #rekeyTimer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly opts: EngineOptions) {
    this.#signal = new Signalling(opts.appointmentId, {
      onOpen: () => this.#hello(),
      onMessage: (m) => this.#enqueue(() => this.#onMessage(m)),
      onDrop: (final) => this.#enqueue(async () => this.#onDrop(final)),
    })
    this.#watchdog = new Watchdog({
      peers: () => [...this.#peers.values()],
      counters: () => this.#worker?.call({ op: 'counters' }) ?? Promise.resolve([]),
      diverged: (why) => void this.stopSending(why),
      quality: (quality, audioOnly) => {
        if (quality !== this.state.quality || audioOnly !== this.state.audioOnly)
          this.#set({ quality, audioOnly })
      },
    })
  }

  // ---------- state for React (useSyncExternalStore) ----------

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getState = (): CallState => this.state

  #set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch }
    for (const l of this.#listeners) l()
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(step).catch(() => undefined)
  }

  // ---------- lifecycle ----------

  #apiBase(): string {
    return this.opts.role === 'guest' ? '/api/guest' : '/api/consult'
  }

  async start(): Promise<void> {
    try {
      this.#device = await localDevice(deviceLabel(), this.#apiBase())
      this.#worker = new CryptoWorker(() => void this.stopSending('The encryption component stopped.'))
      await this.#worker.call({ op: 'init', pair: this.#device.pair, testHooks: this.opts.testHooks })
      const certParams: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' }
      this.#cert = await RTCPeerConnection.generateCertificate(certParams)
      const fp = this.#cert.getFingerprints()[0]
      if (!fp?.algorithm || !fp.value) throw new Error('no certificate fingerprint')
      this.#fingerprint = `${fp.algorithm} ${fp.value}`
      this.#iceServers = await turnServers(this.#apiBase())
      this.#relayOnly = this.opts.testHooks && localStorage.getItem('tessera.test.relay-only') === '1'
    } catch (err) {
      this.#set({ phase: 'failed', failure: failureText(err) })
      return
    }
    await this.#openMedia()
    if (this.#ended) return
    this.#set({ phase: 'waiting' })
    this.#signal.connect()
    this.#watchdog.start()
    this.#rekeyTimer = setInterval(() => {
      if (this.#round && Date.now() - this.#generationAt >= this.#rekeyPeriod())
        this.#enqueue(() => this.#rekey())
    }, 1000)
  }

  /** 30 minutes; under test hooks only, 'tessera.test.rekey-ms' (read each time, so a test can change it). */
  #rekeyPeriod(): number {
    if (!this.opts.testHooks) return REKEY_MS
    const ms = Number(localStorage.getItem('tessera.test.rekey-ms') ?? '')
    return Number.isFinite(ms) && ms >= MIN_TEST_REKEY_MS ? ms : REKEY_MS
  }

  /** Periodic rotation (E2EE.md section 3): the worker draws and seals the key, this relays it. */
  async #rekey(): Promise<void> {
    const worker = this.#worker
    const round = this.#round
    const selfSlot = this.#roster?.selfSlot
    if (!worker || !round || selfSlot === null || selfSlot === undefined) return
    if (Date.now() - this.#generationAt < this.#rekeyPeriod()) return
    const result = await worker.call<RekeyResult>({ op: 'rekey', tag: round.tag })
    if (result.epoch === null) return // the round is still being set up: the next tick tries again
    this.#generationAt = Date.now()
    sessionStorage.setItem(`tessera.call.epoch.${this.#callId}.${selfSlot}`, String(result.epoch + 1))
    await this.#apply(result)
  }

  async #openMedia(): Promise<void> {
    let stream: MediaStream | null
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: { ideal: 640 }, height: { ideal: 360 } },
      })
    } catch {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true })
      } catch {
        stream = null
      }
    }
    this.#set({
      localStream: stream,
      micOn: !!stream?.getAudioTracks()[0],
      camOn: !!stream?.getVideoTracks()[0],
    })
  }

  async leave(): Promise<void> {
    if (this.#ended) return
    this.#ended = true
    this.#watchdog.stop()
    clearInterval(this.#rekeyTimer)
    this.#signal.close()
    for (const p of this.#peers.values()) p.close()
    this.#peers.clear()
    this.#worker?.terminate()
    for (const t of this.state.localStream?.getTracks() ?? []) t.stop()
    this.#set({ phase: 'ended', remotes: [] })
  }

  // ---------- user actions ----------

  setMic(on: boolean): void {
    for (const t of this.state.localStream?.getAudioTracks() ?? []) t.enabled = on
    this.#set({ micOn: on })
  }

  setCamera(on: boolean): void {
    for (const t of this.state.localStream?.getVideoTracks() ?? []) t.enabled = on
    this.#set({ camOn: on })
  }

  /** The person compared the code read aloud (E2EE.md section 5); recorded in the call record. */
  confirmCode(result: 'match' | 'mismatch'): void {
    this.#signal.send({ type: 'verified', result })
    if (result === 'mismatch') {
      this.#set({ verification: 'mismatch' })
      void this.stopSending('The verification codes differ: someone may be intercepting the call.')
      return
    }
    // re-verification of a changed device key: pin it and allow sending
    if (this.#roster) for (const m of this.#roster.members) pin(m.accountId, m.deviceKey)
    this.#set({ verification: 'match', keyChanged: [] })
    this.#enqueue(() => this.#sendToAcked())
  }

  async sendChat(text: string): Promise<boolean> {
    const worker = this.#worker
    const trimmed = text.trim()
    if (!worker || !trimmed || !this.#round) return false
    let payload: string
    try {
      payload = toBase64Url(await worker.call<Uint8Array>({ op: 'chat-seal', text: trimmed }))
    } catch {
      return false
    }
    let sent = false
    for (const p of this.#peers.values()) {
      if (!p.secured) continue
      this.#signal.send({ type: 'relay', to: p.participantId, kind: 'chat', payload })
      sent = true
    }
    if (sent) this.#addChat({ from: 'You', mine: true, text: trimmed })
    return sent
  }

  /** Stops all sending (E2EE.md section 7 watchdog): tracks are removed from every sender. */
  async stopSending(reason: string): Promise<void> {
    if (this.#sendingStopped) return
    this.#sendingStopped = true
    this.#set({ encryption: 'stopped', stoppedReason: reason })
    for (const p of this.#peers.values())
      await p.setTracks({ audio: null, video: null }).catch(() => undefined)
  }

  /** Test hooks (only with `testHooks`): frame counters next to RTP stats, and tamper injection. */
  testApi() {
    return {
      stats: () => this.#watchdog.snapshot(),
      inject: (frames: number) => this.#worker?.call<boolean>({ op: 'test-inject', frames }),
      keyDigests: () => this.#worker?.call<string[]>({ op: 'test-key-digests' }),
      /** Simulates frames bypassing the sender transform: the watchdog must stop sending. */
      hideSendFrames: () => this.#worker?.call<boolean>({ op: 'test-hide-send-frames' }),
      /** Drops the signalling socket as a network failure would. */
      dropSocket: () => this.#signal.drop(),
      /** E2EE.md section 9 point 8: frames from now on are also tried under the keys held now. */
      leaveProbe: () => this.#worker?.call<boolean>({ op: 'test-leave-probe' }),
      /** This sender's key generations, the probe's counts, and which senders' keys are held. */
      rotationReport: () => this.#worker?.call<RotationReport | null>({ op: 'test-rotation-report' }),
      /** E2EE.md section 9 point 4: every (KID, CTR) this sender used, and how many repeated. */
      nonceReport: () => this.#worker?.call<NonceReport | null>({ op: 'test-nonce-report' }),
      /** E2EE.md section 9 point 2: digests of the next `frames` frames before encryption / decryption. */
      tap: (frames: number) => this.#worker?.call<boolean>({ op: 'test-tap', frames }),
      tapReport: () => this.#worker?.call<TapReport | null>({ op: 'test-tap-report' }),
      /** Seals extra copies of the next `frames` video frames (never sent), for replay elsewhere. */
      holdFrames: (frames: number) => this.#worker?.call<boolean>({ op: 'test-hold-frames', frames }),
      heldFrames: async () => {
        const held = await this.#worker?.call<Array<{ epoch: number; slot: number; frame: Uint8Array }>>({
          op: 'test-held-frames',
        })
        return (held ?? []).map((h) => ({ epoch: h.epoch, slot: h.slot, frame: toBase64Url(h.frame) }))
      },
      /** Tries sealed frames (base64url) under this receiver's keys now: how many open. */
      tryFrames: (frames: string[]) =>
        this.#worker?.call<TryReport | null>({ op: 'test-try-frames', frames: frames.map(fromBase64Url) }),
    }
  }

  // ---------- signalling ----------

  #hello(): void {
    if (!this.#device) return
    this.#signal.send({ type: 'hello', deviceId: this.#device.deviceId, suite: SUITE })
  }

  async #onDrop(final: boolean): Promise<void> {
    this.#resetPeers()
    this.#round = null
    this.#me = null
    if (final) {
      if (!this.#ended) this.#set({ phase: 'failed', failure: 'The call connection was closed.' })
      return
    }
    this.#set({ phase: 'reconnecting' })
  }

  #resetPeers(): void {
    for (const p of this.#peers.values()) p.close()
    this.#peers.clear()
    this.#publishRemotes()
  }

  async #onMessage(m: SignalServerMessage): Promise<void> {
    if (this.#ended) return
    switch (m.type) {
      case 'welcome':
        this.#resetPeers()
        this.#me = m.participantId
        this.#callId = m.callId
        this.#participants = m.participants
        this.#set({ phase: 'connecting' })
        if (m.roster) await this.#applyRoster(m.roster)
        await this.#afterMembershipChange()
        return
      case 'presence':
        this.#participants = m.participants
        await this.#afterMembershipChange()
        return
      case 'roster':
        await this.#applyRoster(m.roster)
        await this.#reconcile()
        return
      case 'relay':
        return this.#onRelay(m)
      case 'error':
        if (m.code === 'unknown-device' || m.code === 'hello-first')
          this.#set({ phase: 'failed', failure: 'This device could not join the call.' })
        return
      default:
        m satisfies never
    }
  }

  async #afterMembershipChange(): Promise<void> {
    if (this.opts.role === 'host') await this.#maybeSignRoster()
    await this.#reconcile()
  }

  /** Host (E2EE.md section 2, "Admission"): signs who is in the call, with stable slots. */
  async #maybeSignRoster(): Promise<void> {
    const worker = this.#worker
    const device = this.#device
    if (!worker || !device || !this.#me) return
    const current = this.#roster
    const slotOf = new Map((current?.members ?? []).map((m) => [m.deviceKey, m.slot]))
    const members = [{ slot: 0, accountId: this.#self()?.accountId ?? '', deviceKey: device.publicKey }]
    const used = new Set([0])
    for (const p of this.#participants) {
      if (p.participantId === this.#me || p.deviceKey === device.publicKey) continue
      if (this.opts.mayJoin && !this.opts.mayJoin(p)) continue
      let slot = slotOf.get(p.deviceKey)
      if (slot === undefined || used.has(slot)) {
        slot = 1
        while (used.has(slot) || [...slotOf.values()].includes(slot)) slot++
      }
      if (slot > 15) continue
      used.add(slot)
      members.push({ slot, accountId: p.accountId, deviceKey: p.deviceKey })
    }
    if (!members[0]?.accountId) return
    const same =
      current !== null &&
      current.members.length === members.length &&
      members.every((m) => current.members.some((c) => c.slot === m.slot && c.deviceKey === m.deviceKey))
    if (same || members.length < 2) return
    const version = Math.max(current?.version ?? 0, this.#pendingVersion) + 1
    this.#pendingVersion = version
    const bytes = await worker.call<Uint8Array>({
      op: 'sign-roster',
      callId: this.#callId,
      version,
      members,
    })
    this.#signal.send({ type: 'roster', roster: bytesToBase64(bytes) })
  }

  #self(): SignalParticipant | undefined {
    return this.#participants.find((p) => p.participantId === this.#me)
  }

  async #applyRoster(text: string): Promise<void> {
    const worker = this.#worker
    if (!worker || text === this.#rosterBytes) return
    const host = this.#participants.find((p) => p.role === 'host')
    if (host) {
      if (checkPin(host.accountId, host.deviceKey) === 'changed' && this.opts.role !== 'host')
        this.#flagKeyChange(host.displayName)
      this.#hostKey = host.deviceKey
    }
    if (!this.#hostKey) return
    try {
      const info = await worker.call<RosterInfo>({
        op: 'set-roster',
        callId: this.#callId,
        roster: base64ToBytes(text),
        hostKey: this.#hostKey,
      })
      this.#roster = info
      this.#rosterBytes = text
      for (const m of info.members) {
        if (m.deviceKey === this.#device?.publicKey) continue
        const check = checkPin(m.accountId, m.deviceKey)
        if (check === 'new') pin(m.accountId, m.deviceKey)
        else if (check === 'changed') this.#flagKeyChange(this.#nameOf(m.accountId))
      }
    } catch {
      this.#set({ securityAlert: 'The list of people in this call could not be verified.' })
    }
  }

  #flagKeyChange(name: string): void {
    if (!this.state.keyChanged.includes(name)) this.#set({ keyChanged: [...this.state.keyChanged, name] })
  }

  #nameOf(accountId: string): string {
    return this.#participants.find((p) => p.accountId === accountId)?.displayName ?? 'Someone'
  }

  /** Peers for the roster members present now; a new handshake round when that set changes. */
  async #reconcile(): Promise<void> {
    const roster = this.#roster
    const worker = this.#worker
    if (!roster || roster.selfSlot === null || !worker || !this.#me) return
    const present = new Map<number, SignalParticipant>()
    for (const m of roster.members) {
      if (m.slot === roster.selfSlot) continue
      const p = this.#participants.find((q) => q.deviceKey === m.deviceKey && q.accountId === m.accountId)
      if (p) present.set(m.slot, p)
    }
    for (const [id, peer] of this.#peers) {
      if (present.get(peer.slot)?.participantId !== id) {
        peer.close()
        this.#peers.delete(id)
      }
    }
    const config: RTCConfiguration = {
      iceServers: this.#iceServers,
      certificates: this.#cert ? [this.#cert] : [],
      ...(this.#relayOnly ? { iceTransportPolicy: 'relay' as const } : {}),
    }
    for (const [slot, p] of present) {
      if (this.#peers.has(p.participantId)) continue
      const peer = new Peer(
        p.participantId,
        slot,
        roster.selfSlot < slot,
        config,
        this.#peerHooks(p.participantId, slot),
      )
      this.#peers.set(p.participantId, peer)
      if (peer.initiator) await peer.offer()
    }
    this.#publishRemotes()
    // relayed messages that arrived before this peer existed
    const early = this.#early.splice(0)
    for (const m of early) await this.#onRelay(m)

    const slots = [roster.selfSlot, ...present.keys()].sort((a, b) => a - b)
    const ids = slots.map((s) => `${s}:${s === roster.selfSlot ? this.#me : present.get(s)?.participantId}`)
    const tag = await roundTag(`${this.#callId}|${roster.version}|${ids.join(',')}`)
    if (present.size === 0) {
      this.#round = null
      this.#set({ phase: 'waiting', sas: null })
      return
    }
    if (this.#round?.tag === tag) return
    const epochKey = `tessera.call.epoch.${this.#callId}.${roster.selfSlot}`
    const minEpoch = Number(sessionStorage.getItem(epochKey) ?? '0') || 0
    const epoch = await worker.call<number>({
      op: 'round',
      tag,
      slots,
      dtlsFingerprint: this.#fingerprint,
      minEpoch,
    })
    sessionStorage.setItem(epochKey, String(epoch + 1))
    this.#generationAt = Date.now()
    this.#round = { tag, slots }
    this.#set({ sas: null, verification: 'unverified', phase: 'connecting' })
    for (const peer of this.#peers.values()) {
      peer.secured = false
      if (!peer.initiator) continue
      const msg1 = await worker.call<Uint8Array>({ op: 'initiate', tag, peerSlot: peer.slot })
      this.#relay(peer, 'handshake', msg1)
    }
    const held = this.#heldByTag.get(tag) ?? []
    this.#heldByTag.clear()
    for (const m of held) await this.#onRelay(m)
  }

  readonly #heldByTag = new Map<string, Array<Extract<SignalServerMessage, { type: 'relay' }>>>()

  #peerHooks(participantId: string, slot: number) {
    return {
      sendSdp: (d: RTCSessionDescriptionInit) => this.#sendJson(participantId, 'sdp', d),
      sendIce: (c: RTCIceCandidateInit) => this.#sendJson(participantId, 'ice', c),
      attach: (
        direction: 'send' | 'recv',
        kind: 'audio' | 'video',
        streams: { readable: ReadableStream; writable: WritableStream },
      ) => {
        void this.#worker
          ?.call(
            {
              op: 'attach',
              id: `${participantId}:${direction}:${kind}`,
              direction,
              kind,
              slot,
              readable: streams.readable,
              writable: streams.writable,
            },
            [streams.readable, streams.writable],
          )
          .catch(() => void this.stopSending('The encryption component could not start.'))
      },
      changed: () => this.#publishRemotes(),
    }
  }

  #sendJson(to: string, kind: 'sdp' | 'ice', value: unknown): void {
    const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(value)))
    this.#signal.send({ type: 'relay', to, kind, payload })
  }

  #relay(peer: Peer, kind: 'handshake' | 'key-confirm' | 'verify', bytes: Uint8Array): void {
    const tag = this.#round?.tag
    if (!tag) return
    const framed = new Uint8Array(TAG_BYTES + bytes.length)
    framed.set(hexBytes(tag), 0)
    framed.set(bytes, TAG_BYTES)
    this.#signal.send({ type: 'relay', to: peer.participantId, kind, payload: toBase64Url(framed) })
  }

  async #onRelay(m: Extract<SignalServerMessage, { type: 'relay' }>): Promise<void> {
    const worker = this.#worker
    const peer = this.#peers.get(m.from)
    if (!worker) return
    if (!peer) {
      if (this.#early.length < MAX_BUFFERED) this.#early.push(m)
      return
    }
    let bytes: Uint8Array
    try {
      bytes = fromBase64Url(m.payload)
    } catch {
      return
    }
    try {
      if (m.kind === 'sdp' || m.kind === 'ice') {
        const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
        if (m.kind === 'ice') return await peer.addIce(value as RTCIceCandidateInit)
        const d = value as RTCSessionDescriptionInit
        if (d.type === 'offer') await peer.answer(d)
        else if (d.type === 'answer') await peer.accept(d)
        return
      }
      if (m.kind === 'chat') {
        const opened = await worker.call<ChatOpened>({ op: 'chat-open', bytes })
        this.#addChat({ from: this.#nameOf(opened.accountId), mine: false, text: opened.text })
        return
      }
      const tag = hexString(bytes.subarray(0, TAG_BYTES))
      const body = bytes.slice(TAG_BYTES)
      if (tag !== this.#round?.tag) {
        // a round this side has not reached yet (presence or roster still on its way)
        const held = this.#heldByTag.get(tag) ?? []
        if (held.length < MAX_BUFFERED) this.#heldByTag.set(tag, [...held, m])
        return
      }
      let result: StepResult
      if (m.kind === 'handshake') {
        if (!peer.remoteFingerprint) throw new Error('no SDP fingerprint yet')
        result = await worker.call<StepResult>({
          op: 'handshake',
          tag,
          fromSlot: peer.slot,
          bytes: body,
          peerFingerprint: peer.remoteFingerprint,
        })
      } else if (m.kind === 'key-confirm' && body[1] === 0x03) {
        result = await worker.call<StepResult>({ op: 'confirm', tag, fromSlot: peer.slot, bytes: body })
      } else {
        result = await worker.call<StepResult>({ op: 'control', tag, fromSlot: peer.slot, bytes: body })
      }
      await this.#apply(result)
    } catch {
      if (m.kind === 'handshake' || m.kind === 'key-confirm' || m.kind === 'verify')
        this.#set({
          securityAlert: 'The secure connection with someone in this call could not be verified.',
        })
    }
  }

  async #apply(result: StepResult): Promise<void> {
    for (const o of result.out) {
      const peer = [...this.#peers.values()].find((p) => p.slot === o.slot)
      if (peer) this.#relay(peer, o.kind, o.bytes)
    }
    for (const e of result.events) await this.#onEvent(e)
  }

  async #onEvent(e: WorkerEvent): Promise<void> {
    const peer = [...this.#peers.values()].find((p) => 'slot' in e && p.slot === e.slot)
    switch (e.type) {
      case 'session':
        if (peer) peer.secured = true
        break
      case 'peer-key':
        if (peer) peer.keyed = true
        break
      case 'key-acked':
        if (peer) peer.acked = true
        await this.#sendToAcked()
        break
      case 'sas':
        this.#set({ sas: { digits: e.digits, emoji: e.emoji }, verification: 'unverified' })
        break
      default:
        e satisfies never
    }
    if (!this.#sendingStopped && [...this.#peers.values()].some((p) => p.keyed && p.acked))
      this.#set({ encryption: 'encrypted', phase: 'connected' })
    this.#publishRemotes()
  }

  /** Local tracks go only to peers holding our key, and never while a key change is unconfirmed. */
  async #sendToAcked(): Promise<void> {
    if (this.#sendingStopped || this.state.keyChanged.length > 0) return
    const stream = this.state.localStream
    const audio = stream?.getAudioTracks()[0] ?? null
    const video = stream?.getVideoTracks()[0] ?? null
    for (const p of this.#peers.values()) if (p.acked) await p.setTracks({ audio, video })
  }

  #publishRemotes(): void {
    const remotes = [...this.#peers.values()].map((p) => {
      const who = this.#participants.find((q) => q.participantId === p.participantId)
      return {
        participantId: p.participantId,
        displayName: who?.displayName ?? 'Participant',
        role: who?.role ?? 'guest',
        stream: p.remoteStream,
        connection: p.state,
        keyed: p.keyed,
      }
    })
    this.#set({ remotes })
  }

  #addChat(line: Omit<ChatLine, 'id' | 'at'>): void {
    const chat = [...this.state.chat, { ...line, id: ++this.#chatId, at: Date.now() }].slice(-200)
    this.#set({ chat })
  }
}

async function turnServers(base: string): Promise<RTCIceServer[]> {
  try {
    const t = await request<{ urls: string[]; username: string; credential: string }>(
      'GET',
      `${base}/turn-credentials`,
    )
    return [{ urls: t.urls, username: t.username, credential: t.credential }]
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return []
    throw err
  }
}

async function roundTag(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return hexString(digest.subarray(0, TAG_BYTES))
}

function hexString(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function deviceLabel(): string {
  const ua = navigator.userAgent
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrom/.test(ua)
        ? 'Chrome'
        : 'Browser'
  return `${browser} (video consultations)`
}

function failureText(err: unknown): string {
  if (err instanceof ApiError && err.status !== 0) return err.message
  return 'The call could not start on this device. Check your connection and try again.'
}
