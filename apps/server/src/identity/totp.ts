// Authenticator-app codes: TOTP, RFC 6238 (HOTP of RFC 4226 over a time-step counter), SECURITY.md
// S11. Defaults are what every authenticator app understands: HMAC-SHA1, 6 digits, 30 s steps
// (RFC 6238 section 5.2 recommends 30 s). The secret is 160 bits, the HMAC-SHA1 output size that
// RFC 4226 section 4 (R6) recommends.
//
// These functions are pure: time comes in as `now`, and replay protection works on a step number the
// caller stores. The secret must be kept encrypted at rest (S29): unlike a password it cannot be
// stored as a one-way hash, the server needs it to compute codes.
import { randomFillSync } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { constantTimeEqual } from './tokens.ts'

export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512'

export interface TotpParams {
  algorithm: TotpAlgorithm
  digits: number
  /** Seconds per time step (RFC 6238 "X"). */
  period: number
}

export const TOTP_DEFAULTS: Readonly<TotpParams> = Object.freeze({ algorithm: 'SHA1', digits: 6, period: 30 })

/** 160-bit secrets (RFC 4226 section 4, R6). */
export const TOTP_SECRET_BYTES = 20

/**
 * S11: "only the adjacent time steps accepted". One step either side absorbs clock drift and the
 * seconds it takes to type a code (RFC 6238 section 5.2), and no more.
 */
export const TOTP_WINDOW = 1

export const DEFAULT_TOTP_ISSUER = 'Tessera'

/** A new shared secret, base32 (RFC 4648) as authenticator apps expect it. */
export function generateTotpSecret(): string {
  // A fresh Uint8Array, not a Buffer: small Buffers can be views into a shared pool, and Secret takes
  // the whole underlying ArrayBuffer.
  const bytes = randomFillSync(new Uint8Array(TOTP_SECRET_BYTES))
  return new Secret({ buffer: bytes.buffer }).base32
}

function totpFor(secretBase32: string, params: TotpParams, issuer = '', label = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: params.algorithm,
    digits: params.digits,
    period: params.period,
  })
}

export interface TotpUriInput {
  secret: string
  /** The account's email; it is the label the app shows next to the code. */
  accountEmail: string
  /** What the app shows as the service; configurable so it need not name the clinic or its specialty. */
  issuer?: string
  params?: TotpParams
}

/**
 * The `otpauth://totp/...` URI for the enrolment QR code (Key URI Format, google-authenticator wiki).
 * It contains the secret: render it to the user once, never log it or put it in a URL of ours.
 */
export function totpUri(input: TotpUriInput): string {
  const params = input.params ?? TOTP_DEFAULTS
  return totpFor(input.secret, params, input.issuer ?? DEFAULT_TOTP_ISSUER, input.accountEmail).toString()
}

/** RFC 6238 section 4.2: T = floor((unix time - T0) / X), with T0 = 0. */
export function totpStep(now: Date, period: number = TOTP_DEFAULTS.period): number {
  return Math.floor(now.getTime() / 1000 / period)
}

/** The code for `now`; used by tests and development tools, never sent anywhere by the server. */
export function generateTotp(secret: string, now: Date, params: TotpParams = TOTP_DEFAULTS): string {
  return totpFor(secret, params).generate({ timestamp: now.getTime() })
}

export interface TotpVerifyInput {
  secret: string
  /** What the user typed; spaces are ignored ("123 456" as some apps display it). */
  code: string
  /** The step of the last code this factor accepted, or null if none yet (RFC 6238 section 5.2). */
  lastUsedStep: number | null
  now: Date
  params?: TotpParams
}

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'reused' }

/**
 * Accepts a code for the current step or one step either side, and only if that step is later than
 * `lastUsedStep`. RFC 6238 section 5.2: "the verifier MUST NOT accept the second attempt of the OTP
 * after the successful validation has been issued for the first OTP". On success the caller stores
 * the returned `step` as the new `lastUsedStep` (atomically with accepting the sign-in, or two
 * concurrent requests could both pass). Codes for steps at or before it are refused, which also
 * refuses a fresh code for an earlier step once a later one has been used.
 *
 * Show the user the same error for 'invalid' and 'reused'; the reason is for the audit log.
 */
export function verifyTotp(input: TotpVerifyInput): TotpVerification {
  const params = input.params ?? TOTP_DEFAULTS
  const code = input.code.replace(/\s+/g, '')
  if (!new RegExp(`^\\d{${params.digits}}$`).test(code)) return { ok: false, reason: 'invalid' }

  const totp = totpFor(input.secret, params)
  const current = totpStep(input.now, params.period)
  let accepted: number | null = null
  let replayed = false
  // Every candidate step is computed and compared, so the time taken does not depend on which one
  // (if any) matched.
  for (let delta = -TOTP_WINDOW; delta <= TOTP_WINDOW; delta += 1) {
    const step = current + delta
    const expected = totp.generate({ timestamp: step * params.period * 1000 })
    if (!constantTimeEqual(expected, code)) continue
    if (input.lastUsedStep !== null && step <= input.lastUsedStep) replayed = true
    // Ascending loop: if two steps share a code (chance 1e-6), the later one is recorded, so the
    // same digits cannot pass again in the following step.
    else accepted = step
  }
  if (accepted !== null) return { ok: true, step: accepted }
  return { ok: false, reason: replayed ? 'reused' : 'invalid' }
}
