// Who we are to an authenticator, and what we accept from one (W3C WebAuthn L2).
import type { IdentityDeps } from './identity-deps.ts'
import { CHALLENGE_TTL_MS } from './passkey-challenge.ts'

export interface RelyingParty {
  /** RP ID (section 5.1.2): the host of the public address; credentials are scoped to it. */
  id: string
  name: string
  /** The only origin a ceremony may come from (section 7.1 step 9, 7.2 step 13). */
  origin: string
}

export function relyingParty(deps: Pick<IdentityDeps, 'publicUrl'>): RelyingParty {
  const origin = deps.publicUrl()
  return { id: new URL(origin).hostname, name: 'Tessera', origin }
}

/** COSE algorithms (RFC 9053): EdDSA, ES256, RS256; offered at registration and checked again. */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257]

/** The browser shows its own prompt until the challenge expires; no point waiting longer. */
export const CEREMONY_TIMEOUT_MS = CHALLENGE_TTL_MS

const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])

/** Transports are hints for the browser: keep the ones the spec names, drop anything else. */
export function knownTransports(transports: readonly string[] | undefined): string[] {
  return [...new Set((transports ?? []).filter((t) => KNOWN_TRANSPORTS.has(t)))]
}

/**
 * The WebAuthn user handle (section 5.4.3): the account's UUID as 16 bytes. It is opaque and holds
 * no personal data; a discoverable credential hands it back at sign-in (section 7.2 step 6).
 */
export function userHandleOf(accountId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(accountId.replace(/-/g, ''), 'hex'))
}

export function userHandleText(accountId: string): string {
  return Buffer.from(userHandleOf(accountId)).toString('base64url')
}

/** Why a ceremony was refused: logged, never told to the client. */
export type PasskeyRefusal =
  | 'no-challenge'
  | 'unknown-challenge'
  | 'wrong-purpose'
  | 'wrong-session'
  | 'expired'
  | 'unknown-credential'
  | 'other-account'
  | 'user-handle'
  | 'account-unusable'
  | 'type'
  | 'challenge'
  | 'origin'
  | 'rp-id'
  | 'user-presence'
  | 'user-verification'
  | 'counter'
  | 'algorithm'
  | 'signature'
  | 'malformed'

/**
 * Names the check that @simplewebauthn refused, from the fixed start of its message (what follows
 * can be attacker-supplied text, such as a forged origin, and is never logged).
 */
export function refusalOf(err: unknown): PasskeyRefusal {
  const message = err instanceof Error ? err.message : ''
  const rules: Array<[RegExp, PasskeyRefusal]> = [
    [/^Unexpected (authentication|registration) response type/, 'type'],
    [/^Unexpected (authentication|registration) response challenge/, 'challenge'],
    [/^Custom challenge verifier/, 'challenge'],
    [/^Unexpected (authentication|registration) response origin/, 'origin'],
    [/^Unexpected RP ID hash/, 'rp-id'],
    [/^User not present|^User presence was required/, 'user-presence'],
    [/^User verification/, 'user-verification'],
    [/^Response counter value/, 'counter'],
    [/^Unexpected public key alg/, 'algorithm'],
  ]
  return rules.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed'
}

/** Internal: a refused ceremony, turned into one generic answer at the service's edge. */
export class PasskeyRefused extends Error {
  override readonly name = 'PasskeyRefused'
  constructor(readonly reason: PasskeyRefusal) {
    super(`passkey refused: ${reason}`)
  }
}
