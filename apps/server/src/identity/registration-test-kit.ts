// Shared by the registration, password, invitation and user-admin integration tests: requests as a
// browser makes them, links read from delivered mail, and authenticator-app enrolment.
import type { LightMyRequestResponse } from 'fastify'
import { TEST_ORIGIN, type TestApp } from '../testing/test-app.ts'
import { cookieFrom, someAddress } from '../testing/accounts.ts'
import { generateTotp } from './totp.ts'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface CallOptions {
  cookie?: string | undefined
  payload?: unknown
  /** The client address; a fresh one per call by default, so per-address limits do not couple tests. */
  ip?: string
}

export type Call = (method: Method, url: string, options?: CallOptions) => Promise<LightMyRequestResponse>

/** Requests as a same-origin browser sends them; every response body is kept in `seen` when given. */
export function caller(t: TestApp, seen?: string[]): Call {
  return async (method, url, options = {}) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: options.ip ?? someAddress(),
      headers: { ...t.browserHeaders, ...(options.cookie ? { cookie: options.cookie } : {}) },
      ...(options.payload !== undefined ? { payload: options.payload as Record<string, unknown> } : {}),
    })
    seen?.push(res.body)
    return res
  }
}

/**
 * Secrets a suite handled: link tokens and passwords must appear in no response body and no log
 * line; TOTP secrets, recovery codes and session tokens are answered on purpose (once) but must never
 * be logged.
 */
export class LeakWatch {
  readonly seen: string[] = []
  private readonly never: string[] = []
  private readonly notLogged: string[] = []

  /** A link token or password: in no response, in no log. */
  secret(...values: string[]): void {
    this.never.push(...values)
  }

  /** Shown to its owner once (or set as a cookie), never logged. */
  shownOnce(...values: string[]): void {
    this.notLogged.push(...values)
  }

  check(t: TestApp): void {
    const logs = t.logs.text()
    for (const value of [...this.never, ...this.notLogged]) {
      if (logs.includes(value)) throw new Error('a secret reached the logs')
    }
    for (const value of this.never) {
      if (this.seen.some((body) => body.includes(value))) throw new Error('a secret was sent in a response')
    }
    if (this.seen.some((body) => body.includes('#t=')))
      throw new Error('a one-time link was sent in a response')
  }
}

export interface DeliveredMail {
  to: string
  subject: string
  text: string
  category: string
}

/** Runs the mail queue, then returns everything delivered to `to`, oldest first. */
export async function mailTo(t: TestApp, to: string): Promise<DeliveredMail[]> {
  await t.deliverMail()
  return t.outbox.list().filter((m) => m.to.toLowerCase() === to.toLowerCase())
}

/** The token of the newest link to `path` (e.g. /verify-email) mailed to `to`. */
export async function linkToken(t: TestApp, to: string, path: string): Promise<string> {
  const prefix = `${TEST_ORIGIN}${path}#t=`
  const mail = (await mailTo(t, to)).filter((m) => m.text.includes(prefix)).at(-1)
  if (!mail) throw new Error(`no ${path} link was mailed to ${to}`)
  const match = new RegExp(`${path}#t=([A-Za-z0-9_-]{43})`).exec(mail.text)
  if (!match?.[1]) throw new Error('the link has no well-formed token')
  return match[1]
}

export interface Enrolled {
  cookie: string
  secret: string
  recoveryCodes: string[]
}

/** Enrols an authenticator app from a partial session, as the enrolment step of sign-up does. */
export async function enrolTotp(t: TestApp, partialCookie: string): Promise<Enrolled> {
  const call = caller(t)
  const start = await call('POST', '/api/account/mfa/totp/start', { cookie: partialCookie })
  if (start.statusCode !== 200) throw new Error(`TOTP start failed: ${start.statusCode} ${start.body}`)
  const { secret } = start.json<{ secret: string }>()
  const code = generateTotp(secret, t.clock.now())
  const confirm = await call('POST', '/api/account/mfa/totp/confirm', {
    cookie: partialCookie,
    payload: { code },
  })
  if (confirm.statusCode !== 200)
    throw new Error(`TOTP confirm failed: ${confirm.statusCode} ${confirm.body}`)
  const { recoveryCodes } = confirm.json<{ recoveryCodes?: string[] }>()
  return { cookie: cookieFrom(confirm.headers['set-cookie']), secret, recoveryCodes: recoveryCodes ?? [] }
}

/** The response body without its request id, for comparing two answers. */
export function withoutRequestId(body: string): unknown {
  const parsed = JSON.parse(body) as { error?: Record<string, unknown> }
  return parsed.error ? { ...parsed, error: { ...parsed.error, requestId: undefined } } : parsed
}
