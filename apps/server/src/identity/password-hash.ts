// Password storage, SECURITY.md S8: argon2id with m >= 19456 KiB, t >= 2, p = 1 (the OWASP Password
// Storage Cheat Sheet's first argon2id configuration; RFC 9106 section 4 for the algorithm), and a
// rehash on sign-in when the parameters rise. S10: sign-in for an unknown email must cost the same as
// for a known one, or the response time tells an attacker which addresses have accounts.
import { hash, verify } from '@node-rs/argon2'
import type { Algorithm } from '@node-rs/argon2'
import { normalisePassword } from './password-policy.ts'

/**
 * The pinned parameters. The S8 config test asserts these exact values; raising them is safe (old
 * hashes keep verifying and are upgraded on the next sign-in), lowering them is a security change.
 */
export const ARGON2_PARAMS = Object.freeze({
  algorithm: 'argon2id',
  /** PHC `v=`: 0x13, the current version of the algorithm (RFC 9106). */
  version: 0x13,
  /** KiB (PHC `m=`). */
  memoryCost: 19456,
  /** Passes (PHC `t=`). */
  timeCost: 2,
  /** Lanes (PHC `p=`); S8 fixes it at 1. */
  parallelism: 1,
  /** Bytes of output and of salt; the library's defaults, checked so a weaker stored hash is upgraded. */
  outputLen: 32,
  saltLen: 16,
} as const)

// `Algorithm` is an ambient const enum, which `isolatedModules` forbids reading; 2 is its Argon2id
// member (see @node-rs/argon2 index.d.ts), and every test checks the output starts with `$argon2id$`.
const ARGON2ID = 2 satisfies Algorithm

const HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: ARGON2_PARAMS.memoryCost,
  timeCost: ARGON2_PARAMS.timeCost,
  parallelism: ARGON2_PARAMS.parallelism,
  outputLen: ARGON2_PARAMS.outputLen,
}

/**
 * A hash of a random password that was thrown away when this constant was made, with the current
 * parameters. `verifyAgainstDummy` runs a real verification against it so that an unknown account
 * costs one argon2 computation, like a known one. A test fails if ARGON2_PARAMS change without this
 * being regenerated (hash any random string with HASH_OPTIONS and paste the result).
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ZYMWiGyPGZlpUPq139ZWdQ$VD1wbE07nYlo6PIKITutYlSOojebsN8tvvaoPY2F4dQ'

export type PasswordVerification = { ok: true; needsRehash: boolean } | { ok: false; needsRehash: false }

export interface PhcParams {
  algorithm: 'argon2id' | 'argon2i' | 'argon2d'
  /** 0x10 when the string has no `v=` (the original format). */
  version: number
  memoryCost: number
  timeCost: number
  parallelism: number
  saltLen: number
  outputLen: number
}

/** Thrown when a stored hash is not an argon2 PHC string: corrupt data, never a wrong password. */
export class PasswordHashFormatError extends Error {
  constructor() {
    // The hash itself stays out of the message: error text ends up in logs.
    super('stored password hash is not an argon2 PHC string')
    this.name = 'PasswordHashFormatError'
  }
}

// PHC string format (github.com/P-H-C/phc-string-format): $id$v=19$m=..,t=..,p=..$salt$hash with
// unpadded standard base64 for salt and hash.
const PHC_PATTERN =
  /^\$(argon2id|argon2i|argon2d)\$(?:v=(\d{1,3})\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

function base64Bytes(encoded: string): number {
  return Math.floor((encoded.length * 3) / 4)
}

/** Parses the parameters out of a stored hash; null when it is not an argon2 PHC string. */
export function parsePhc(stored: string): PhcParams | null {
  const m = PHC_PATTERN.exec(stored)
  if (!m) return null
  const [, algorithm, v, mem, t, p, salt, out] = m
  if (!algorithm || !mem || !t || !p || !salt || !out) return null
  return {
    algorithm: algorithm as PhcParams['algorithm'],
    version: v === undefined ? 0x10 : Number(v),
    memoryCost: Number(mem),
    timeCost: Number(t),
    parallelism: Number(p),
    saltLen: base64Bytes(salt),
    outputLen: base64Bytes(out),
  }
}

/**
 * True when a stored hash is weaker than what we would make today (S8 "rehash on login when
 * parameters rise"). Parallelism is compared for equality because S8 pins p = 1 rather than setting a
 * floor, and a different p changes the cost profile in ways a floor does not capture.
 */
export function isBelowCurrentParams(params: PhcParams): boolean {
  return (
    params.algorithm !== ARGON2_PARAMS.algorithm ||
    params.version < ARGON2_PARAMS.version ||
    params.memoryCost < ARGON2_PARAMS.memoryCost ||
    params.timeCost < ARGON2_PARAMS.timeCost ||
    params.parallelism !== ARGON2_PARAMS.parallelism ||
    params.saltLen < ARGON2_PARAMS.saltLen ||
    params.outputLen < ARGON2_PARAMS.outputLen
  )
}

/**
 * Hashes a password for storage. Enforce `PasswordPolicy` first; this function accepts any length
 * and never truncates (argon2 takes the whole input; S9).
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), HASH_OPTIONS)
}

/**
 * Checks a password against its stored hash. The parameters used are the ones in the stored string,
 * so hashes made with older parameters keep working; `needsRehash` tells the caller to store
 * `hashPassword(password)` in their place (possible only now, while the plaintext is in hand).
 */
export async function verifyPassword(stored: string, password: string): Promise<PasswordVerification> {
  const params = parsePhc(stored)
  if (!params) throw new PasswordHashFormatError()
  const ok = await verify(stored, normalisePassword(password))
  return ok ? { ok: true, needsRehash: isBelowCurrentParams(params) } : { ok: false, needsRehash: false }
}

/**
 * For a sign-in attempt whose email matches no account: performs the same argon2 work as
 * `verifyPassword` (same parameters, same input) and always fails. Use it on every branch that has no
 * stored hash so that unknown and known users are indistinguishable by time as well as by response
 * (S10).
 */
export async function verifyAgainstDummy(password: string): Promise<PasswordVerification> {
  parsePhc(DUMMY_HASH)
  await verify(DUMMY_HASH, normalisePassword(password))
  return { ok: false, needsRehash: false }
}
