// Test accounts and signed-in sessions, through the real routes (password, then TOTP).
import { randomUUID } from 'node:crypto'
import type { Role } from '../identity/account-table.ts'
import { hashPassword } from '../identity/password-hash.ts'
import { generateTotp, generateTotpSecret } from '../identity/totp.ts'
import { TOTP_CONTEXT } from '../identity/second-factor-service.ts'
import type { TestApp } from './test-app.ts'
import { createPatientRecord } from '../fhir/patient-record.ts'
import { SESSION_COOKIE } from '../identity/session-store.ts'

export interface TestAccount {
  id: string
  email: string
  password: string
  role: Role
  displayName: string
  totpSecret: string | null
}

export const TEST_PASSWORD = 'correct horse battery staple 42'
let hashed: Promise<string> | undefined

export interface AccountOptions {
  role?: Role
  email?: string
  displayName?: string
  verified?: boolean
  /** Enrol a confirmed TOTP factor (default true). */
  totp?: boolean
  prescriber?: boolean
  specialist?: boolean
}

export async function createAccount(t: TestApp, options: AccountOptions = {}): Promise<TestAccount> {
  const id = randomUUID()
  const role = options.role ?? 'patient'
  const email = options.email ?? `${role}-${id.slice(0, 8)}@test.example`
  const displayName = options.displayName ?? `${role} ${id.slice(0, 4)}`
  hashed ??= hashPassword(TEST_PASSWORD)
  await t.ctx.db
    .insertInto('account')
    .values({
      id,
      email,
      display_name: displayName,
      role,
      password_hash: await hashed,
      email_verified_at: options.verified === false ? null : t.clock.now(),
      is_prescriber: options.prescriber ?? false,
      is_specialist: options.specialist ?? false,
      created_at: t.clock.now(),
    })
    .execute()
  if (role === 'patient') await createPatientRecord(t.ctx.db, { id, displayName, email, now: t.clock.now() })
  let totpSecret: string | null = null
  if (options.totp !== false) {
    totpSecret = generateTotpSecret()
    await t.ctx.db
      .insertInto('totp_credential')
      .values({
        id: randomUUID(),
        account_id: id,
        secret_sealed: t.ctx.identity.box.seal(totpSecret, TOTP_CONTEXT(id)),
        confirmed_at: t.clock.now(),
        created_at: t.clock.now(),
      })
      .execute()
  }
  return { id, email, password: TEST_PASSWORD, role, displayName, totpSecret }
}

/** A documentation-range address per call, so per-address rate limits do not couple unrelated tests. */
export function someAddress(): string {
  const n = Math.floor(Math.random() * 65_000)
  return `203.0.${n >> 8}.${n & 255}`
}

export function cookieFrom(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []
  const session = all.find((c) => c.startsWith('__Host-tessera='))
  if (!session) throw new Error('no session cookie was set')
  return session.split(';')[0]!
}

/** Signs in with password only: a partial session. */
export async function signInPassword(t: TestApp, account: TestAccount): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress: someAddress(),
    headers: t.browserHeaders,
    payload: { email: account.email, password: account.password },
  })
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`)
  return cookieFrom(res.headers['set-cookie'])
}

/** The TOTP code for the current fake time, moved one step on so it is never a replay. */
export function nextTotp(t: TestApp, account: TestAccount): string {
  t.clock.advance(30_000)
  return generateTotp(account.totpSecret!, t.clock.now())
}

/** Signs in with password and TOTP: a full session. Returns the Cookie header value. */
export async function signIn(t: TestApp, account: TestAccount): Promise<string> {
  const partial = await signInPassword(t, account)
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/mfa/totp',
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, cookie: partial },
    payload: { code: nextTotp(t, account) },
  })
  if (res.statusCode !== 200) throw new Error(`TOTP failed: ${res.statusCode} ${res.body}`)
  return cookieFrom(res.headers['set-cookie'])
}

/**
 * A full session made directly in the session store, for load and race tests that need hundreds of
 * signed-in people (the sign-in flow itself is tested in identity/). Returns the Cookie header value.
 */
export async function mintSession(t: TestApp, account: TestAccount): Promise<string> {
  const { token } = await t.ctx.identity.sessions.create({
    accountId: account.id,
    level: 'full',
    methods: ['password', 'totp'],
    mfaAt: t.clock.now(),
    ip: '127.0.0.1',
    userAgent: null,
  })
  return `${SESSION_COOKIE}=${token}`
}
