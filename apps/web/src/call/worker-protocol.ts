// Messages between the call engine (main thread) and the single E2EE worker (e2ee-worker.ts).
// Every key, the device's private key handle, the pairwise sessions and the SFrame contexts live
// in the worker; the main thread only moves opaque bytes between the worker and the network.
// Nothing in these messages is a secret except the CryptoKeyPair handle, which is non-extractable.

export type MediaKind = 'audio' | 'video'
export type StreamDirection = 'send' | 'recv'

/** A roster member as the UI and the engine see it (public data only). */
export interface RosterEntry {
  slot: number
  accountId: string
  /** Raw Ed25519 public key, standard base64 (the form the server lists). */
  deviceKey: string
}

/** Bytes to relay to the member in `slot` (kind names the signalling relay kind). */
export interface Outgoing {
  slot: number
  kind: 'handshake' | 'key-confirm' | 'verify'
  bytes: Uint8Array
}

export type WorkerEvent =
  | { type: 'key-acked'; slot: number }
  | { type: 'peer-key'; slot: number }
  | { type: 'sas'; digits: string; emoji: Array<{ symbol: string; name: string }> }
  | { type: 'session'; slot: number }

export interface StepResult {
  out: Outgoing[]
  events: WorkerEvent[]
}

/** A periodic rotation: the new epoch (null when the round was not ready: no key drawn) and its messages. */
export interface RekeyResult extends StepResult {
  epoch: number | null
}

/** Frame counters of one sender or receiver transform (no content, no keys). */
export interface StreamCounters {
  id: string
  direction: StreamDirection
  kind: MediaKind
  /** Frames that entered the transform. */
  frames: number
  /** Frames encrypted (send) or authenticated and decrypted (recv), i.e. passed on. */
  passed: number
  /** Frames dropped: no key yet (send), or failing authentication, replayed, unknown KID (recv). */
  dropped: number
  /** Test-only injections (tampered, plaintext, replayed copies) that the receiver rejected. */
  injectedRejected: number
  /** Test-only injections the receiver would have accepted (must stay 0). */
  injectedAccepted: number
  /** Bytes of the passed frames before and after the transform (SFrame overhead, bench P9). */
  bytesIn: number
  bytesOut: number
}

export type WorkerRequest =
  | { op: 'init'; pair: CryptoKeyPair; testHooks: boolean }
  | { op: 'sign-roster'; callId: string; version: number; members: RosterEntry[] }
  | { op: 'set-roster'; callId: string; roster: Uint8Array; hostKey: string }
  | { op: 'round'; tag: string; slots: number[]; dtlsFingerprint: string; minEpoch: number }
  /** Periodic rotation (E2EE.md section 3): a fresh generation for the members of round `tag`. */
  | { op: 'rekey'; tag: string }
  | { op: 'initiate'; tag: string; peerSlot: number }
  | { op: 'handshake'; tag: string; fromSlot: number; bytes: Uint8Array; peerFingerprint: string }
  | { op: 'confirm'; tag: string; fromSlot: number; bytes: Uint8Array }
  | { op: 'control'; tag: string; fromSlot: number; bytes: Uint8Array }
  | { op: 'chat-seal'; text: string }
  | { op: 'chat-open'; bytes: Uint8Array }
  | {
      op: 'attach'
      id: string
      direction: StreamDirection
      kind: MediaKind
      /** The slot whose frames this receiver may pass (a mesh connection carries one sender). */
      slot: number
      readable: ReadableStream
      writable: WritableStream
    }
  | { op: 'counters' }
  | { op: 'test-inject'; frames: number }
  | { op: 'test-key-digests' }
  | { op: 'test-hide-send-frames' }
  | { op: 'test-leave-probe' }
  | { op: 'test-rotation-report' }
  | { op: 'test-nonce-report' }
  | { op: 'test-tap'; frames: number }
  | { op: 'test-tap-report' }
  | { op: 'test-hold-frames'; frames: number }
  | { op: 'test-held-frames' }
  | { op: 'test-try-frames'; frames: Uint8Array[] }

/**
 * Test hooks only (E2EE.md section 9 point 8): what a departed member's keys can still do here.
 * Times are `Date.now()`; nothing here is a key.
 */
export interface RotationReport {
  /** Each new sender generation of this member: when its round began and when it became active. */
  rotations: Array<{
    epoch: number
    kind: 'first' | 'join' | 'fresh' | 'periodic'
    startedAt: number
    activatedAt: number | null
    by: 'acks' | 'timer' | 'at-once' | null
  }>
  /** Frames received since the probe was armed, tried also under the keys held at arming time. */
  probe: {
    armedAt: number
    /** Slots whose keys the probe holds (every other member at arming time). */
    slots: number[]
    accepted: number
    rejected: number
    lastAcceptedAt: number | null
  } | null
  /** Slots this receiver holds keys for now, with their epochs (a departed member has none). */
  held: Array<{ slot: number; epochs: number[] }>
  /** Slots of the current round. */
  roundSlots: number[]
  /** Older epochs this receiver dropped 2 s after a sender's newer epoch was first in use. */
  drops: Array<{ slot: number; epochs: number[]; inUseEpoch: number; inUseAt: number; droppedAt: number }>
}

/**
 * Test hooks only (E2EE.md section 9 point 4): every (KID, CTR) this sender's worker put in a frame
 * header, across connections, reconnects and rotations. KID and CTR are public header fields.
 */
export interface NonceReport {
  /** Frames sealed (every connection's copy counts: each is sealed under its own CTR). */
  total: number
  /** (KID, CTR) pairs seen more than once (must stay 0), and the first few of them. */
  duplicates: number
  examples: string[]
  kids: Array<{ kid: string; epoch: number; slot: number; count: number; maxCtr: number }>
}

/**
 * Test hooks only (E2EE.md section 9 point 2): SHA-256 (hex) of the first frames each side saw once
 * the tap was armed: senders before encryption, receivers before decryption (as they came off the
 * wire). Receivers also parse each frame as SFrame: the KID must be one this receiver was given.
 */
export interface TapReport {
  sentPlain: string[]
  received: string[]
  receivedParsed: number
  receivedKnownKid: number
  receivedUnparsed: number
}

/** Test hooks only: what happened to sealed frames handed to this receiver (counts per E2EE error code). */
export interface TryReport {
  opened: number
  failed: Record<string, number>
}

export type WorkerReply = { ok: true; value: unknown } | { ok: false; code: string }

export interface RoundInfo {
  epoch: number
}

export interface RosterInfo {
  version: number
  members: RosterEntry[]
  selfSlot: number | null
}

export interface ChatOpened {
  slot: number
  accountId: string
  text: string
}
