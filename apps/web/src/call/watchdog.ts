// Every second (E2EE.md section 7): the worker's per-direction frame counters against the RTP
// statistics of every sender and receiver. If the encoder produced frames the transform never saw
// (or the receiver got frames that bypassed it), the frame encryption is not in the path: sending
// stops and the user is told. The same pass measures network quality and, on a weak uplink,
// pauses video (audio only).
import type { NetworkQuality } from './call-state.ts'
import type { Peer } from './peer.ts'
import type { MediaKind, StreamCounters } from './worker-protocol.ts'

export interface StreamCheck {
  id: string
  participantId: string
  direction: 'send' | 'recv'
  kind: MediaKind
  /** Frames seen by the transform and passed on (encrypted / authenticated). */
  workerFrames: number
  workerPassed: number
  workerDropped: number
  injectedRejected: number
  injectedAccepted: number
  /** framesEncoded / packetsSent (send), framesReceived / packetsReceived (recv). */
  rtp: number
  /** Video receivers: frames decoded. */
  decoded: number
}

export interface WatchdogSnapshot {
  streams: StreamCheck[]
  /** Connection and ICE state of every peer connection. */
  connections: string[]
  /** Candidate types of the selected pairs, e.g. "relay-relay" (local-remote). */
  routes: string[]
  quality: NetworkQuality
  audioOnly: boolean
}

interface WatchdogHooks {
  peers(): Peer[]
  counters(): Promise<unknown>
  diverged(reason: string): void
  quality(quality: NetworkQuality, audioOnly: boolean): void
}

const LOW_BITRATE = 150_000
const RECOVERED_BITRATE = 400_000

export class Watchdog {
  #timer: ReturnType<typeof setInterval> | undefined
  #last: WatchdogSnapshot = { streams: [], connections: [], routes: [], quality: 'unknown', audioOnly: false }
  #lowFor = 0
  #goodFor = 0
  #audioOnly = false
  #lost = new Map<string, { lost: number; received: number }>()
  #running = false

  constructor(private readonly hooks: WatchdogHooks) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick(), 1000)
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  snapshot(): Promise<WatchdogSnapshot> {
    return this.tick()
  }

  async tick(): Promise<WatchdogSnapshot> {
    if (this.#running) return this.#last
    this.#running = true
    try {
      this.#last = await this.#check()
      return this.#last
    } finally {
      this.#running = false
    }
  }

  async #check(): Promise<WatchdogSnapshot> {
    const peers = this.hooks.peers()
    const counters = ((await this.hooks.counters().catch(() => [])) as StreamCounters[]) ?? []
    const byId = new Map(counters.map((c) => [c.id, c]))
    const streams: StreamCheck[] = []
    const routes: string[] = []
    let rtt = 0
    let bitrate = Infinity
    let lossRatio = 0
    for (const peer of peers) {
      if (peer.state === 'closed') continue
      const report = await peer.pc.getStats().catch(() => null)
      if (!report) continue
      // read stats first, then counters would be fresher than stats: stats <= counters + slack
      for (const s of report.values() as IterableIterator<Record<string, unknown>>) {
        const type = s['type']
        const kind = s['kind'] === 'video' ? 'video' : 'audio'
        if (type === 'outbound-rtp' || type === 'inbound-rtp') {
          const direction = type === 'outbound-rtp' ? 'send' : 'recv'
          const id = `${peer.participantId}:${direction}:${kind}`
          const c = byId.get(id)
          const rtp =
            direction === 'send'
              ? num(kind === 'video' ? s['framesEncoded'] : s['packetsSent'])
              : num(kind === 'video' ? s['framesReceived'] : s['packetsReceived'])
          streams.push({
            id,
            participantId: peer.participantId,
            direction,
            kind,
            workerFrames: c?.frames ?? 0,
            workerPassed: c?.passed ?? 0,
            workerDropped: c?.dropped ?? 0,
            injectedRejected: c?.injectedRejected ?? 0,
            injectedAccepted: c?.injectedAccepted ?? 0,
            rtp,
            decoded: num(s['framesDecoded']),
          })
          if (type === 'inbound-rtp') {
            const prev = this.#lost.get(id) ?? { lost: 0, received: 0 }
            const lost = num(s['packetsLost'])
            const received = num(s['packetsReceived'])
            const dl = lost - prev.lost
            const dr = received - prev.received
            if (dl + dr > 0) lossRatio = Math.max(lossRatio, dl / (dl + dr))
            this.#lost.set(id, { lost, received })
          }
        }
        if (type === 'candidate-pair' && s['state'] === 'succeeded' && s['nominated'] === true) {
          const local = report.get(String(s['localCandidateId'])) as Record<string, unknown> | undefined
          const remote = report.get(String(s['remoteCandidateId'])) as Record<string, unknown> | undefined
          routes.push(`${String(local?.['candidateType'])}-${String(remote?.['candidateType'])}`)
          rtt = Math.max(rtt, num(s['currentRoundTripTime']))
          if (typeof s['availableOutgoingBitrate'] === 'number')
            bitrate = Math.min(bitrate, s['availableOutgoingBitrate'])
        }
      }
    }
    const counted = await this.hooks.counters().catch(() => counters)
    const fresh = new Map(((counted as StreamCounters[]) ?? []).map((c) => [c.id, c]))
    for (const s of streams) {
      // frames the encoder made (or the network delivered) that the transform never saw
      const seen = fresh.get(s.id)?.frames ?? s.workerFrames
      const slack = s.kind === 'audio' ? 50 + s.rtp * 0.5 : 30 + s.rtp * 0.1
      if (s.rtp > seen + slack) {
        this.hooks.diverged('Encryption could not be confirmed, so sending has stopped.')
        break
      }
    }
    const quality = peers.length === 0 ? 'unknown' : rate(rtt, lossRatio)
    await this.#bandwidth(peers, bitrate)
    this.hooks.quality(quality, this.#audioOnly)
    const connections = peers.map(
      (p) =>
        `${p.pc.connectionState}/${p.pc.iceConnectionState}/${p.sender('video')?.track ? 'track' : 'no-track'}`,
    )
    return { streams, connections, routes, quality, audioOnly: this.#audioOnly }
  }

  async #bandwidth(peers: Peer[], bitrate: number): Promise<void> {
    if (bitrate < LOW_BITRATE) {
      this.#lowFor++
      this.#goodFor = 0
    } else if (bitrate > RECOVERED_BITRATE) {
      this.#goodFor++
      this.#lowFor = 0
    }
    const next = this.#audioOnly ? this.#goodFor < 5 : this.#lowFor >= 3
    if (next === this.#audioOnly) return
    this.#audioOnly = next
    for (const p of peers) await p.setVideoActive(!next)
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function rate(rtt: number, loss: number): NetworkQuality {
  if (rtt < 0.3 && loss < 0.02) return 'good'
  if (rtt < 0.6 && loss < 0.08) return 'fair'
  return 'poor'
}
