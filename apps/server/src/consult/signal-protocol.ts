// Reading the client's signalling frames: JSON, then the TypeBox schema of the message its `type`
// names (one compiled validator per message), so an error names the field that is wrong. Nothing
// here logs or echoes a payload.
import { Compile } from 'typebox/compile'
import {
  SignalHello,
  SignalLeave,
  SignalRelay,
  SignalRoster,
  SignalVerified,
  type SignalClientMessage,
} from '@tessera/contracts'

const VALIDATORS = {
  hello: Compile(SignalHello),
  roster: Compile(SignalRoster),
  relay: Compile(SignalRelay),
  verified: Compile(SignalVerified),
  leave: Compile(SignalLeave),
} as const

export type Parsed = { ok: true; message: SignalClientMessage } | { ok: false; path: string; message: string }

export function parseSignal(text: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, path: '', message: 'not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, path: '', message: 'expected an object' }
  const type = (value as Record<string, unknown>)['type']
  if (typeof type !== 'string' || !Object.hasOwn(VALIDATORS, type))
    return { ok: false, path: '/type', message: `one of ${Object.keys(VALIDATORS).join(', ')}` }
  const validator = VALIDATORS[type as keyof typeof VALIDATORS]
  if (validator.Check(value)) return { ok: true, message: value }
  const first = validator.Errors(value)[0]
  return { ok: false, path: first?.instancePath || '', message: first?.message ?? 'invalid' }
}

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export class RateBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst
    this.last = now
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}

/** base64 or base64url text to bytes (Node accepts both alphabets in 'base64'). */
export function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'))
}
