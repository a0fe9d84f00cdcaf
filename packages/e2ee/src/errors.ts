// Typed errors for the whole package (STYLE.md: one error type, a small code union).
// Messages are fixed strings chosen here: they never carry key bytes, plaintext or peer data, so an
// error can be stringified or reported without leaking anything.

export type E2eeErrorCode =
  | 'invalid-argument'
  | 'malformed'
  | 'unsupported-version'
  | 'unsupported-suite'
  | 'unknown-kid'
  | 'auth-failed'
  | 'replay'
  | 'reordered'
  | 'ctr-exhausted'
  | 'kid-reused'
  | 'key-conflict'
  | 'not-on-roster'
  | 'bad-signature'
  | 'dtls-mismatch'
  | 'handshake-state'
  | 'key-confirmation-failed'
  | 'kem-failed'
  | 'sas-not-ready'
  | 'sas-commitment-mismatch'

const messages: Record<E2eeErrorCode, string> = {
  'invalid-argument': 'invalid argument',
  malformed: 'malformed message or frame',
  'unsupported-version': 'unsupported protocol version',
  'unsupported-suite': 'unsupported cipher suite',
  'unknown-kid': 'no key for this KID',
  'auth-failed': 'authentication failed',
  replay: 'replayed counter',
  reordered: 'message out of order',
  'ctr-exhausted': 'counter exhausted: rotate the key',
  'kid-reused': 'KID already used',
  'key-conflict': 'a different key is already set for this KID',
  'not-on-roster': 'identity is not on the roster',
  'bad-signature': 'signature verification failed',
  'dtls-mismatch': 'signed DTLS fingerprint differs from the SDP',
  'handshake-state': 'protocol step out of order',
  'key-confirmation-failed': 'key confirmation failed',
  'kem-failed': 'key encapsulation failed',
  'sas-not-ready': 'SAS step not possible yet',
  'sas-commitment-mismatch': 'SAS reveal does not match its commitment',
}

export class E2eeError extends Error {
  readonly code: E2eeErrorCode

  constructor(code: E2eeErrorCode, detail?: string) {
    // detail must be a fixed, data-free string (e.g. which field), never a value.
    super(detail === undefined ? messages[code] : `${messages[code]}: ${detail}`)
    this.name = 'E2eeError'
    this.code = code
  }
}

export function isE2eeError(err: unknown, code?: E2eeErrorCode): err is E2eeError {
  return err instanceof E2eeError && (code === undefined || err.code === code)
}
