// One peer connection of the mesh (E2EE.md section 7): audio and video transceivers, VP8 and Opus
// only, createEncodedStreams() called exactly once on every sender and receiver (audio too) with
// the streams handed to the E2EE worker, local tracks attached only once this peer holds our key.
import { mungeSdp, preferCodecs, sdpFingerprint } from './sdp.ts'
import type { MediaKind } from './worker-protocol.ts'

interface EncodedStreams {
  readable: ReadableStream
  writable: WritableStream
}
interface WithEncodedStreams {
  createEncodedStreams(): EncodedStreams
}

export interface PeerHooks {
  sendSdp(description: RTCSessionDescriptionInit): void
  sendIce(candidate: RTCIceCandidateInit): void
  /** Hands a sender's or receiver's encoded streams to the worker. */
  attach(direction: 'send' | 'recv', kind: MediaKind, streams: EncodedStreams): void
  changed(): void
}

export const KINDS: readonly MediaKind[] = ['audio', 'video']

export class Peer {
  readonly pc: RTCPeerConnection
  readonly remoteStream = new MediaStream()
  remoteFingerprint: string | null = null
  /** A pairwise session exists in the current round. */
  secured = false
  /** We hold this peer's media key. */
  keyed = false
  /** The peer acknowledged our media key: our tracks may go to it. */
  acked = false
  readonly #senders = new Map<MediaKind, RTCRtpSender>()
  readonly #pendingIce: RTCIceCandidateInit[] = []
  #closed = false

  constructor(
    readonly participantId: string,
    readonly slot: number,
    readonly initiator: boolean,
    config: RTCConfiguration,
    private readonly hooks: PeerHooks,
  ) {
    // encodedInsertableStreams is Chromium's switch for createEncodedStreams (not in the DOM types)
    this.pc = new RTCPeerConnection({ ...config, encodedInsertableStreams: true } as RTCConfiguration)
    this.pc.onicecandidate = (e) => {
      if (e.candidate) hooks.sendIce(e.candidate.toJSON())
    }
    this.pc.onconnectionstatechange = () => hooks.changed()
  }

  get state(): RTCPeerConnectionState {
    return this.pc.connectionState
  }

  sender(kind: MediaKind): RTCRtpSender | undefined {
    return this.#senders.get(kind)
  }

  #setUp(transceiver: RTCRtpTransceiver, kind: MediaKind): void {
    preferCodecs(transceiver, kind)
    this.#senders.set(kind, transceiver.sender)
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
    this.remoteStream.addTrack(transceiver.receiver.track)
  }

  /** Initiator: transceivers, then the offer. */
  async offer(): Promise<void> {
    for (const kind of KINDS) this.#setUp(this.pc.addTransceiver(kind, { direction: 'sendrecv' }), kind)
    const offer = await this.pc.createOffer()
    const local = { type: 'offer' as const, sdp: mungeSdp(offer.sdp ?? '') }
    await this.pc.setLocalDescription(local)
    this.hooks.sendSdp(local)
  }

  /** Responder: the offer arrived; answer it. */
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
      if (this.#pendingIce.length < 100) this.#pendingIce.push(candidate)
      return
    }
    await this.pc.addIceCandidate(candidate).catch(() => undefined)
  }

  async #flushIce(): Promise<void> {
    for (const c of this.#pendingIce.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined)
  }

  /** Sends the local tracks (or stops: null). */
  async setTracks(tracks: Partial<Record<MediaKind, MediaStreamTrack | null>>): Promise<void> {
    if (this.#closed) return
    for (const kind of KINDS) {
      const sender = this.#senders.get(kind)
      const track = tracks[kind]
      if (sender && track !== undefined && sender.track !== track) await sender.replaceTrack(track)
    }
  }

  /** Audio only on a weak link: the video sender is paused, not renegotiated. */
  async setVideoActive(active: boolean): Promise<void> {
    const sender = this.#senders.get('video')
    if (!sender) return
    const params = sender.getParameters()
    if (params.encodings.length === 0) return
    if (params.encodings.every((e) => e.active === active)) return
    for (const e of params.encodings) e.active = active
    await sender.setParameters(params).catch(() => undefined)
  }

  close(): void {
    this.#closed = true
    this.pc.close()
  }
}
