// Video consultations (issue 9): device identity keys, rooms tied to appointments, the waiting room,
// TURN credentials, call records (HTTP), and the signalling protocol spoken over the room's
// WebSocket. The server relays what it cannot read: handshake, SDP, ICE and chat payloads are
// opaque base64 strings it never stores (shared/design/E2EE.md sections 2 and 8).
import { Type, type Static } from 'typebox'
import { Email, Uuid } from './auth.ts'

/** Standard base64 (with padding) of exactly 32 bytes: a raw Ed25519 public key. */
export const Ed25519PublicKey = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })

// ---------- Devices (E2EE.md section 1) ----------

export const DeviceRegisterBody = Type.Object(
  {
    publicKey: Ed25519PublicKey,
    label: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
)
export type DeviceRegisterBody = Static<typeof DeviceRegisterBody>

export const ConsultDevice = Type.Object({
  id: Type.String(),
  label: Type.String(),
  algorithm: Type.Literal('ed25519'),
  publicKey: Type.String(),
  createdAt: Type.String(),
})
export type ConsultDevice = Static<typeof ConsultDevice>

export const ConsultDeviceList = Type.Object({ devices: Type.Array(ConsultDevice) })
export type ConsultDeviceList = Static<typeof ConsultDeviceList>

export const DeviceParams = Type.Object({ deviceId: Uuid }, { additionalProperties: false })

// ---------- Rooms and the waiting room ----------

export const ConsultParams = Type.Object({ appointmentId: Uuid }, { additionalProperties: false })

export const ConsultRole = Type.Union([Type.Literal('patient'), Type.Literal('host'), Type.Literal('guest')])
export type ConsultRole = Static<typeof ConsultRole>

export const ConsultRoomState = Type.Union([
  Type.Literal('not-checked-in'),
  Type.Literal('waiting'),
  Type.Literal('admitted'),
  Type.Literal('ended'),
])
export type ConsultRoomState = Static<typeof ConsultRoomState>

export const ConsultRoomView = Type.Object({
  appointmentId: Type.String(),
  /** The caller's part in this call. */
  role: ConsultRole,
  start: Type.String(),
  end: Type.String(),
  /** The patient may check in and join from `joinFrom` until `joinUntil`. */
  joinFrom: Type.String(),
  joinUntil: Type.String(),
  state: ConsultRoomState,
  checkedInAt: Type.Optional(Type.String()),
  admittedAt: Type.Optional(Type.String()),
  endedAt: Type.Optional(Type.String()),
})
export type ConsultRoomView = Static<typeof ConsultRoomView>

export const WaitingEntry = Type.Object({
  appointmentId: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  start: Type.String(),
  checkedInAt: Type.String(),
})
export type WaitingEntry = Static<typeof WaitingEntry>

export const WaitingList = Type.Object({ waiting: Type.Array(WaitingEntry) })
export type WaitingList = Static<typeof WaitingList>

// ---------- TURN (coturn REST credentials, S34) ----------

export const TurnCredentials = Type.Object({
  urls: Type.Array(Type.String()),
  /** `<expiry unix seconds>:<random id>` (coturn `use-auth-secret`). */
  username: Type.String(),
  credential: Type.String(),
  ttlSeconds: Type.Integer(),
  expiresAt: Type.String(),
})
export type TurnCredentials = Static<typeof TurnCredentials>

// ---------- Call records ----------

export const CallParticipantRecord = Type.Object({
  participantId: Type.String(),
  accountId: Type.String(),
  role: ConsultRole,
  deviceId: Type.String(),
  /** The SFrame cipher suite the client reported (RFC 9605 registry id, e.g. 5). */
  cipherSuite: Type.Integer(),
  joinedAt: Type.String(),
  leftAt: Type.Optional(Type.String()),
})

export const VerificationResult = Type.Union([Type.Literal('match'), Type.Literal('mismatch')])
export type VerificationResult = Static<typeof VerificationResult>

export const CallVerificationRecord = Type.Object({
  accountId: Type.String(),
  result: VerificationResult,
  at: Type.String(),
})

export const CallRecord = Type.Object({
  callId: Type.String(),
  startedAt: Type.String(),
  endedAt: Type.Optional(Type.String()),
  durationSeconds: Type.Optional(Type.Integer()),
  rosterVersion: Type.Optional(Type.Integer()),
  participants: Type.Array(CallParticipantRecord),
  verifications: Type.Array(CallVerificationRecord),
})
export type CallRecord = Static<typeof CallRecord>

export const ConsultRecord = Type.Object({ appointmentId: Type.String(), calls: Type.Array(CallRecord) })
export type ConsultRecord = Static<typeof ConsultRecord>

// ---------- Signalling (WebSocket, JSON text frames) ----------

/** Largest relay payload: 64 KiB of base64 text. */
export const MAX_RELAY_PAYLOAD_CHARS = 64 * 1024
/** Largest frame the server reads; a bigger one closes the socket with 1009 (Message Too Big). */
export const MAX_SIGNAL_FRAME_BYTES = MAX_RELAY_PAYLOAD_CHARS + 1024

const Base64 = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9+/_-]+={0,2}$' })

export const RelayKind = Type.Union([
  Type.Literal('handshake'),
  Type.Literal('sdp'),
  Type.Literal('ice'),
  Type.Literal('chat'),
  Type.Literal('key-confirm'),
  Type.Literal('verify'),
])
export type RelayKind = Static<typeof RelayKind>

export const SignalHello = Type.Object(
  {
    type: Type.Literal('hello'),
    deviceId: Uuid,
    /** The SFrame cipher suite this client encrypts with (TH-E2EE v1: 5). */
    suite: Type.Integer({ minimum: 1, maximum: 65535 }),
  },
  { additionalProperties: false },
)
export const SignalRoster = Type.Object(
  {
    type: Type.Literal('roster'),
    /** The signed roster of @tessera/e2ee `Roster.sign` (base64 or base64url). */
    roster: Base64(8192),
  },
  { additionalProperties: false },
)
export const SignalRelay = Type.Object(
  {
    type: Type.Literal('relay'),
    to: Uuid,
    kind: RelayKind,
    payload: Base64(MAX_RELAY_PAYLOAD_CHARS),
  },
  { additionalProperties: false },
)
export const SignalVerified = Type.Object(
  { type: Type.Literal('verified'), result: VerificationResult },
  { additionalProperties: false },
)
export const SignalLeave = Type.Object({ type: Type.Literal('leave') }, { additionalProperties: false })

export const SignalClientMessage = Type.Union([
  SignalHello,
  SignalRoster,
  SignalRelay,
  SignalVerified,
  SignalLeave,
])
export type SignalClientMessage = Static<typeof SignalClientMessage>

export interface SignalParticipant {
  participantId: string
  accountId: string
  role: ConsultRole
  displayName: string
  deviceId: string
  /** The device's raw Ed25519 public key, base64: what peers pin and find on the roster. */
  deviceKey: string
}

export type SignalErrorCode =
  | 'invalid-message'
  | 'hello-first'
  | 'already-joined'
  | 'unknown-device'
  | 'unsupported-suite'
  | 'unknown-participant'
  | 'not-host'
  | 'bad-roster'
  | 'stale-roster'
  | 'internal'

/** What the server sends. Relay payloads arrive exactly as sent, with the sender's participant id. */
export type SignalServerMessage =
  | {
      type: 'welcome'
      participantId: string
      /** The call id that rosters, handshakes and SAS bind to (a fresh one per call). */
      callId: string
      participants: SignalParticipant[]
      roster: string | null
    }
  | { type: 'presence'; participants: SignalParticipant[] }
  | { type: 'roster'; roster: string; version: number }
  | { type: 'relay'; from: string; kind: RelayKind; payload: string }
  | { type: 'error'; code: SignalErrorCode; message: string; path?: string }

/** Pushed on the lobby socket (`/api/consult/lobby`): clinicians see who waits, patients their rooms. */
export type LobbyMessage =
  { type: 'waiting'; waiting: WaitingEntry[] } | { type: 'room'; room: ConsultRoomView }

/** WebSocket close codes the server uses besides 1000/1001/1009. */
export const SignalClose = {
  /** More messages than the per-connection rate allows. */
  rateLimited: 4429,
  /** The session ended (sign-out, idle, expiry) while connected. */
  sessionEnded: 4401,
  /** The same participant joined again elsewhere, or the server removed it. */
  replaced: 4409,
} as const

// ---------- Guests: an interpreter or carer the clinician invites (consult/README.md "Guests") ----------

export const GuestKind = Type.Union([Type.Literal('interpreter'), Type.Literal('carer')])
export type GuestKind = Static<typeof GuestKind>

/** The clinician invites someone into one consultation; the link goes to `email` only. */
export const GuestInviteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    email: Email,
    kind: GuestKind,
  },
  { additionalProperties: false },
)
export type GuestInviteBody = Static<typeof GuestInviteBody>

export const GuestParams = Type.Object(
  { appointmentId: Uuid, guestId: Uuid },
  { additionalProperties: false },
)

export const GuestState = Type.Union([
  /** Link sent, code not entered yet. */
  Type.Literal('invited'),
  /** Code entered, not in the waiting room. */
  Type.Literal('ready'),
  Type.Literal('waiting'),
  Type.Literal('admitted'),
  Type.Literal('revoked'),
  /** The consultation's window closed. */
  Type.Literal('expired'),
])
export type GuestState = Static<typeof GuestState>

/** A guest as the clinician sees it. */
export const GuestView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  kind: GuestKind,
  state: GuestState,
  invitedAt: Type.String(),
  expiresAt: Type.String(),
  checkedInAt: Type.Optional(Type.String()),
  admittedAt: Type.Optional(Type.String()),
})
export type GuestView = Static<typeof GuestView>

export const GuestList = Type.Object({ guests: Type.Array(GuestView) })
export type GuestList = Static<typeof GuestList>

/** The secret of an invitation link (after `#` in the URL, never sent to the server in a URL). */
export const GuestLinkToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' })

export const GuestLinkBody = Type.Object({ token: GuestLinkToken }, { additionalProperties: false })
export type GuestLinkBody = Static<typeof GuestLinkBody>

/** Opening the link emailed a code: where to (masked) and until when it works. */
export const GuestCodeSent = Type.Object({ sentTo: Type.String(), expiresAt: Type.String() })
export type GuestCodeSent = Static<typeof GuestCodeSent>

export const GuestCodeBody = Type.Object(
  { token: GuestLinkToken, code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
)
export type GuestCodeBody = Static<typeof GuestCodeBody>

/** The guest's own view of the one consultation its session is for. */
export const GuestRoomView = Type.Object({
  appointmentId: Type.String(),
  guestId: Type.String(),
  name: Type.String(),
  kind: GuestKind,
  clinicianName: Type.String(),
  start: Type.String(),
  end: Type.String(),
  joinFrom: Type.String(),
  joinUntil: Type.String(),
  state: ConsultRoomState,
})
export type GuestRoomView = Static<typeof GuestRoomView>
