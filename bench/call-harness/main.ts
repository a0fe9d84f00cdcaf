// One participant of the P9/P10 bench call (bench/README.md), a page of its own. With `e2ee` on it
// runs what the call engine (apps/web/src/call/call-engine.ts) runs for media: the real E2EE worker
// (CryptoWorker -> e2ee-worker.ts) with a non-extractable Ed25519 device key, the host-signed
// roster, a handshake round (X-Wing, key confirmation bound to the SDP fingerprint), sender keys
// sealed over the pairwise sessions, and the local tracks attached to a connection only once that
// peer acknowledged our key. With `e2ee` off the same connections carry the tracks from the start
// and no transform (`passthrough`: frames through passthrough-worker.ts untouched). Signalling between the pages of one run is a BroadcastChannel (the real call
// relays the same messages through the server's WebSocket). The driver (bench/lib/call-run.ts)
// reads timings and counters through window.__callBench; no key ever leaves the worker.
import { bytesToBase64 } from '../../apps/web/src/call/base64.ts'
import { CryptoWorker } from '../../apps/web/src/call/crypto-worker-client.ts'
import type {
  MediaKind,
  RosterEntry,
  StepResult,
  StreamCounters,
  WorkerEvent,
} from '../../apps/web/src/call/worker-protocol.ts'
import { BenchPeer } from './bench-peer.ts'
import { pageStats, type PageStats } from './page-stats.ts'

export interface SetupOptions {
  runId: string
  callId: string
  slot: number
  e2ee: boolean
  /** P9 diagnostic (with e2ee off): the encoded streams through a worker that passes frames on. */
  passthrough: boolean
  /** This participant sends its camera and microphone. */
  sending: boolean
  /** Slots this participant connects to (a pair exists where either side sends). */
  peers: number[]
  /** Every slot of the call (the round). */
  slots: number[]
}

export interface PeerTiming {
  slot: number
  /** performance.timeOrigin-based ms (comparable across the pages of one machine). */
  created: number
  iceConnected: number | null
  connected: number | null
  /** We hold the peer's media key (E2EE only). */
  keyed: number | null
  /** The peer acknowledged our key, so our tracks went to it (E2EE only). */
  acked: number | null
  /** First remote video frame presented (requestVideoFrameCallback): decrypted and decoded. */
  firstFrame: number | null
}

type Signal =
  | { from: number; to: number; kind: 'sdp' | 'ice'; json: string }
  | { from: number; to: number; kind: 'handshake' | 'key-confirm' | 'verify'; bytes: Uint8Array }

const now = (): number => performance.timeOrigin + performance.now()
const TAG = '0011223344556677'

class Participant {
  readonly peers = new Map<number, BenchPeer>()
  readonly timings = new Map<number, PeerTiming>()
  worker: CryptoWorker | undefined
  passthrough: Worker | undefined
  pair: CryptoKeyPair | undefined
  publicKey = ''
  cert: RTCCertificate | undefined
  fingerprint = ''
  local: MediaStream | null = null
  channel: BroadcastChannel | undefined
  queue: Promise<void> = Promise.resolve()
  started = false
  held: Signal[] = []
  failures: string[] = []

  constructor(readonly opts: SetupOptions) {}

  async setup(): Promise<string> {
    const o = this.opts
    this.channel = new BroadcastChannel(`call-bench-${o.runId}`)
    this.channel.onmessage = (e: MessageEvent<Signal>) => {
      if (e.data.to !== o.slot) return
      if (this.started) this.enqueue(() => this.onSignal(e.data))
      else this.held.push(e.data)
    }
    const params: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' }
    this.cert = await RTCPeerConnection.generateCertificate(params)
    const fp = this.cert.getFingerprints()[0]
    this.fingerprint = `${fp?.algorithm ?? ''} ${fp?.value ?? ''}`
    // the device key as device-identity.ts makes it: Ed25519, non-extractable
    this.pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
    this.publicKey = bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', this.pair.publicKey)))
    if (o.passthrough)
      this.passthrough = new Worker(new URL('./passthrough-worker.ts', import.meta.url), { type: 'module' })
    if (o.e2ee) {
      this.worker = new CryptoWorker(() => this.failures.push('worker crashed'))
      await this.worker.call({ op: 'init', pair: this.pair, testHooks: false })
    }
    if (o.sending)
      this.local = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: { ideal: 640 }, height: { ideal: 360 } },
      })
    return this.publicKey
  }

  async signRoster(members: RosterEntry[]): Promise<string> {
    if (!this.worker) return ''
    const bytes = await this.worker.call<Uint8Array>({
      op: 'sign-roster',
      callId: this.opts.callId,
      version: 1,
      members,
    })
    return bytesToBase64(bytes)
  }

  enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((err: unknown) => {
      this.failures.push(err instanceof Error ? err.message : String(err))
    })
  }

  start(roster: string, hostKey: string): void {
    this.enqueue(async () => {
      const o = this.opts
      const worker = this.worker
      if (worker)
        await worker.call({
          op: 'set-roster',
          callId: o.callId,
          roster: Uint8Array.from(atob(roster), (c) => c.charCodeAt(0)),
          hostKey,
        })
      const config: RTCConfiguration = { iceServers: [], certificates: this.cert ? [this.cert] : [] }
      for (const slot of o.peers) this.addPeer(slot, config)
      for (const peer of this.peers.values()) {
        if (!peer.initiator) continue
        await peer.offer()
        // a plain call sends at once; an encrypted one only after the peer acknowledged our key
        if (!o.e2ee && this.local) await peer.setTracks(this.local)
      }
      if (worker) {
        await worker.call<number>({
          op: 'round',
          tag: TAG,
          slots: o.slots,
          dtlsFingerprint: this.fingerprint,
          minEpoch: 0,
        })
        for (const peer of this.peers.values()) {
          if (!peer.initiator) continue
          const msg1 = await worker.call<Uint8Array>({ op: 'initiate', tag: TAG, peerSlot: peer.slot })
          this.send({ from: o.slot, to: peer.slot, kind: 'handshake', bytes: msg1 })
        }
      }
      this.started = true
      for (const m of this.held.splice(0)) this.enqueue(() => this.onSignal(m))
    })
  }

  addPeer(slot: number, config: RTCConfiguration): void {
    const o = this.opts
    const timing: PeerTiming = {
      slot,
      created: now(),
      iceConnected: null,
      connected: null,
      keyed: null,
      acked: null,
      firstFrame: null,
    }
    this.timings.set(slot, timing)
    const peer = new BenchPeer(slot, o.slot < slot, o.e2ee || o.passthrough, config, {
      sendSdp: (d) => this.send({ from: o.slot, to: slot, kind: 'sdp', json: JSON.stringify(d) }),
      sendIce: (c) => this.send({ from: o.slot, to: slot, kind: 'ice', json: JSON.stringify(c) }),
      attach: (direction, kind, streams) => this.attach(slot, direction, kind, streams),
    })
    peer.pc.oniceconnectionstatechange = () => {
      const s = peer.pc.iceConnectionState
      if ((s === 'connected' || s === 'completed') && timing.iceConnected === null)
        timing.iceConnected = now()
    }
    peer.pc.onconnectionstatechange = () => {
      if (peer.pc.connectionState === 'connected' && timing.connected === null) timing.connected = now()
    }
    this.peers.set(slot, peer)
    this.watchFirstFrame(peer, timing)
  }

  /** The remote video in a <video> element, as the call UI shows it; its first presented frame. */
  watchFirstFrame(peer: BenchPeer, timing: PeerTiming): void {
    const video = document.createElement('video')
    video.autoplay = true
    video.muted = true
    video.playsInline = true
    video.width = 320
    video.height = 180
    video.srcObject = peer.remoteStream
    document.getElementById('videos')?.append(video)
    video.requestVideoFrameCallback(() => {
      timing.firstFrame = now()
    })
  }

  attach(
    slot: number,
    direction: 'send' | 'recv',
    kind: MediaKind,
    streams: { readable: ReadableStream; writable: WritableStream },
  ): void {
    if (this.passthrough) {
      this.passthrough.postMessage(streams, [streams.readable, streams.writable])
      return
    }
    void this.worker
      ?.call(
        {
          op: 'attach',
          id: `${slot}:${direction}:${kind}`,
          direction,
          kind,
          slot,
          readable: streams.readable,
          writable: streams.writable,
        },
        [streams.readable, streams.writable],
      )
      .catch(() => this.failures.push('attach failed'))
  }

  send(m: Signal): void {
    this.channel?.postMessage(m)
  }

  async onSignal(m: Signal): Promise<void> {
    const peer = this.peers.get(m.from)
    const worker = this.worker
    if (!peer) return
    if ('json' in m) {
      const value: unknown = JSON.parse(m.json)
      if (m.kind === 'ice') return peer.addIce(value as RTCIceCandidateInit)
      const d = value as RTCSessionDescriptionInit
      if (d.type === 'offer') {
        await peer.answer(d)
        if (!this.opts.e2ee && this.local) await peer.setTracks(this.local)
      } else if (d.type === 'answer') await peer.accept(d)
      return
    }
    if (!worker) return
    const bytes = m.bytes
    let result: StepResult
    if (m.kind === 'handshake') {
      if (!peer.remoteFingerprint) throw new Error('no SDP fingerprint yet')
      result = await worker.call<StepResult>({
        op: 'handshake',
        tag: TAG,
        fromSlot: m.from,
        bytes,
        peerFingerprint: peer.remoteFingerprint,
      })
    } else if (m.kind === 'key-confirm' && bytes[1] === 0x03) {
      result = await worker.call<StepResult>({ op: 'confirm', tag: TAG, fromSlot: m.from, bytes })
    } else {
      result = await worker.call<StepResult>({ op: 'control', tag: TAG, fromSlot: m.from, bytes })
    }
    for (const out of result.out)
      this.send({ from: this.opts.slot, to: out.slot, kind: out.kind, bytes: out.bytes })
    for (const e of result.events) await this.onEvent(e)
  }

  async onEvent(e: WorkerEvent): Promise<void> {
    if (e.type === 'sas') return
    const timing = this.timings.get(e.slot)
    const peer = this.peers.get(e.slot)
    if (!timing || !peer) return
    if (e.type === 'peer-key') timing.keyed ??= now()
    if (e.type === 'key-acked') {
      timing.acked ??= now()
      if (this.local) await peer.setTracks(this.local)
    }
  }

  async stats(): Promise<PageStats> {
    const counters = (await this.worker?.call<StreamCounters[]>({ op: 'counters' })) ?? []
    return pageStats(
      [...this.peers.values()].map((p) => p.pc),
      counters,
    )
  }

  close(): void {
    for (const p of this.peers.values()) p.close()
    this.worker?.terminate()
    this.passthrough?.terminate()
    for (const t of this.local?.getTracks() ?? []) t.stop()
    this.channel?.close()
  }
}

let participant: Participant | undefined

export interface CallBenchApi {
  setup(opts: SetupOptions): Promise<string>
  signRoster(members: RosterEntry[]): Promise<string>
  start(roster: string, hostKey: string): void
  timings(): { timings: PeerTiming[]; failures: string[] }
  stats(): Promise<PageStats>
  close(): void
}

const api: CallBenchApi = {
  setup: (opts) => {
    participant = new Participant(opts)
    return participant.setup()
  },
  signRoster: (members) => participant?.signRoster(members) ?? Promise.resolve(''),
  start: (roster, hostKey) => participant?.start(roster, hostKey),
  timings: () => ({
    timings: [...(participant?.timings.values() ?? [])],
    failures: [...(participant?.failures ?? [])],
  }),
  stats: () => participant?.stats() ?? pageStats([], []),
  close: () => participant?.close(),
}
;(window as unknown as { __callBench: CallBenchApi }).__callBench = api
