// What the call UI renders; produced by CallEngine. No keys, no SDP, no payloads.
import type { ConsultRole } from '@tessera/contracts'

export interface RemoteTile {
  participantId: string
  displayName: string
  role: ConsultRole
  stream: MediaStream
  connection: RTCPeerConnectionState
  /** Media from this person decrypts (we hold their key). */
  keyed: boolean
}

export interface ChatLine {
  id: number
  from: string
  mine: boolean
  text: string
  at: number
}

export type NetworkQuality = 'unknown' | 'good' | 'fair' | 'poor'

export interface CallState {
  phase: 'starting' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed'
  failure: string | null
  /** 'stopped': sending was halted because encryption could not be guaranteed. */
  encryption: 'setting-up' | 'encrypted' | 'stopped'
  stoppedReason: string | null
  /** A handshake with someone failed verification (possible interference). */
  securityAlert: string | null
  sas: { digits: string; emoji: Array<{ symbol: string; name: string }> } | null
  verification: 'unverified' | 'match' | 'mismatch'
  /** People whose device key differs from the one pinned here: sending waits for the code check. */
  keyChanged: string[]
  remotes: RemoteTile[]
  localStream: MediaStream | null
  micOn: boolean
  camOn: boolean
  quality: NetworkQuality
  audioOnly: boolean
  chat: ChatLine[]
}

export const initialCallState: CallState = {
  phase: 'starting',
  failure: null,
  encryption: 'setting-up',
  stoppedReason: null,
  securityAlert: null,
  sas: null,
  verification: 'unverified',
  keyChanged: [],
  remotes: [],
  localStream: null,
  micOn: true,
  camOn: true,
  quality: 'unknown',
  audioOnly: false,
  chat: [],
}
