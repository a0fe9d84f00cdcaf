// One peer connection of the bench call, line for line the shape of apps/web/src/call/peer.ts
// (sendrecv audio + video transceivers, VP8 / Opus forced, the same SDP munging and fingerprint, the
// tracks attached with replaceTrack) with one switch: `e2ee`. On, the connection is made with
// `encodedInsertableStreams: true` and createEncodedStreams() is called once on every sender and
// receiver, the streams handed to the E2EE worker, as Peer does. Off, nothing sits between the
// encoder and the packetizer: a plain WebRTC call, the P9/P10 baseline.
import { mungeSdp, preferCodecs, sdpFingerprint } from '../../apps/web/src/call/sdp.ts'
import type { MediaKind } from '../../apps/web/src/call/worker-protocol.ts'

export interface EncodedStreams {
  readable: ReadableStream
  writable: WritableStream
}
interface WithEncodedStreams {
  createEncodedStreams(): EncodedStreams
}

export interface BenchPeerHooks {
  sendSdp(description: RTCSessionDescriptionInit): void
  sendIce(candidate: RTCIceCandidateInit): void
  attach(direction: 'send' | 'recv', kind: MediaKind, streams: EncodedStreams): void
}

const KINDS: readonly MediaKind[] = ['audio', 'video']

export class BenchPeer {
  readonly pc: RTCPeerConnection
  readonly remoteStream = new MediaStream()
  remoteFingerprint: string | null = null
  readonly #senders = new Map<MediaKind, RTCRtpSender>()
  readonly #pendingIce: RTCIceCandidateInit[] = []

  constructor(
    readonly slot: number,
    readonly initiator: boolean,
    readonly e2ee: boolean,
    config: RTCConfiguration,
    private readonly hooks: BenchPeerHooks,
  ) {
    // encodedInsertableStreams is Chromium's switch for createEncodedStreams (not in the DOM types)
    this.pc = new RTCPeerConnection(
      (e2ee ? { ...config, encodedInsertableStreams: true } : config) as RTCConfiguration,
    )
    this.pc.onicecandidate = (e) => {
      if (e.candidate) hooks.sendIce(e.candidate.toJSON())
    }
  }

  #setUp(transceiver: RTCRtpTransceiver, kind: MediaKind): void {
    preferCodecs(transceiver, kind)
    this.#senders.set(kind, transceiver.sender)
    if (this.e2ee) {
      this.hooks.attach(
        'send',
        kind,
        (transceiver.sender as unknown as WithEncodedStreams).createEncodedStreams(),
      )
      this.hooks.attach(
        'recv',
        kind,
        (transceiver.receiver as unknown as WithEncodedStreams).createEncodedStreams(),
      )
    }
    this.remoteStream.addTrack(transceiver.receiver.track)
  }

  async offer(): Promise<void> {
    for (const kind of KINDS) this.#setUp(this.pc.addTransceiver(kind, { direction: 'sendrecv' }), kind)
    const offer = await this.pc.createOffer()
    const local = { type: 'offer' as const, sdp: mungeSdp(offer.sdp ?? '') }
    await this.pc.setLocalDescription(local)
    this.hooks.sendSdp(local)
  }

  async answer(offer: RTCSessionDescriptionInit): Promise<void> {
    if (this.initiator || this.pc.remoteDescription) return
    this.remoteFingerprint = sdpFingerprint(offer.sdp ?? '')
    await this.pc.setRemoteDescription(offer)
    for (const t of this.pc.getTransceivers()) {
      const kind = t.receiver.track.kind === 'video' ? 'video' : 'audio'
      if (this.#senders.has(kind)) continue
      t.direction = 'sendrecv'
      this.#setUp(t, kind)
    }
    const answer = await this.pc.createAnswer()
    const local = { type: 'answer' as const, sdp: mungeSdp(answer.sdp ?? '') }
    await this.pc.setLocalDescription(local)
    this.hooks.sendSdp(local)
    await this.#flushIce()
  }

  async accept(answer: RTCSessionDescriptionInit): Promise<void> {
    if (!this.initiator || this.pc.remoteDescription) return
    this.remoteFingerprint = sdpFingerprint(answer.sdp ?? '')
    await this.pc.setRemoteDescription(answer)
    await this.#flushIce()
  }

  async addIce(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.pc.remoteDescription) {
      this.#pendingIce.push(candidate)
      return
    }
    await this.pc.addIceCandidate(candidate).catch(() => undefined)
  }

  async #flushIce(): Promise<void> {
    for (const c of this.#pendingIce.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined)
  }

  /** Attaches the local tracks (Peer.setTracks); called once the transceivers exist. */
  async setTracks(stream: MediaStream): Promise<void> {
    for (const kind of KINDS) {
      const sender = this.#senders.get(kind)
      const track = kind === 'video' ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0]
      if (sender && track && sender.track !== track) await sender.replaceTrack(track)
    }
  }

  close(): void {
    this.pc.close()
  }
}
