// Public API of @tessera/e2ee, the TH-E2EE v1 protocol (shared/design/E2EE.md). Pure protocol code:
// no I/O, no logging, usable in Node 20, windows and workers. Primitives come from WebCrypto and the
// audited @noble libraries only (X-Wing, HKDF, SHA-512 for safety numbers); none is implemented
// here. Internal modules (raw key derivation, test hooks) are deliberately not exported here.

export { E2eeError, isE2eeError, type E2eeErrorCode } from './errors.ts'
export { toBase64Url, fromBase64Url, type Bytes } from './bytes.ts'

// Frame layer (sections 3-4, RFC 9605)
export { CipherSuite, DEFAULT_SUITE, type CipherSuiteId } from './suites.ts'
export { encodeHeader, decodeHeader, type SframeHeader } from './header.ts'
export { makeKid, splitKid, MAX_CTR, MAX_EPOCH, MAX_SLOT } from './kid.ts'
export { clearPrefixLength, type MediaCodec } from './media.ts'
export { SenderKey } from './sender-key.ts'
export { SenderContext, type SenderOptions } from './sender.ts'
export { ReceiverContext, type ReceiverOptions, type DecryptedFrame } from './receiver.ts'

// Identity, roster, handshake (sections 1-2)
export { DeviceIdentity, DevicePublicKey, type SignatureAlgorithm } from './identity.ts'
export { Roster, type RosterMember } from './roster.ts'
export {
  selectXWing,
  nobleXWing,
  webCryptoXWing,
  XWingKeyPair,
  XWING_PK_LENGTH,
  XWING_CT_LENGTH,
  type XWingKem,
  type XWingImplementation,
  type NobleXWingLike,
  type SelectXWingOptions,
} from './xwing.ts'
export {
  HandshakeInitiator,
  HandshakeResponder,
  type HandshakeContext,
  type LocalParty,
} from './handshake.ts'
export { canonicalFingerprint } from './handshake-codec.ts'
export { PairwiseSession, type ControlMessage, type PeerInfo, type HandshakeRole } from './control-channel.ts'

// Verification (section 5)
export { CallSas, type SasMember, type SasPeer, type SasResult } from './sas.ts'
export { SAS_EMOJI, type SasEmoji } from './sas-emoji.ts'
export {
  safetyNumber,
  SAFETY_NUMBER_ITERATIONS,
  type SafetyNumber,
  type SafetyNumberParty,
} from './safety-number.ts'

// In-call chat (section 6)
export { ChatSender, ChatReceiver, ChatType, CHAT_PAD_BUCKET, type ChatMessage } from './chat.ts'
