// Sign-in: password, then a second factor; the current session; sign-out.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Accepted, CodeBody, ErrorBody, Ok, SessionView, SignInBody, SignInResult } from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf, STEP_UP_WINDOW_MS } from '../access/route-access.ts'
import { SignInService, type ClientMeta } from './sign-in-service.ts'
import { SecondFactorService } from './second-factor-service.ts'
import { factorState } from './factor-store.ts'

/** Sign-in attempts per client address per minute (accounts have their own backoff, lockout.ts). */
const SIGN_IN_LIMIT = { max: 20, timeWindow: '1 minute' }
const MFA_LIMIT = { max: 10, timeWindow: '1 minute' }

export function clientMeta(req: FastifyRequest): ClientMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null }
}

export function authRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const signIn = new SignInService(deps)
  const factors = new SecondFactorService(deps)
  const errors = { '4xx': ErrorBody }
  const partial = { session: 'partial' } as const

  return async (app) => {
    app.post(
      '/api/auth/sign-in',
      {
        config: { audit: 'auth.sign-in', access: { public: true }, rateLimit: SIGN_IN_LIMIT },
        schema: { body: SignInBody, response: { 200: SignInResult, ...errors } },
      },
      async (req, reply) => {
        const { token, subject, ...result } = await signIn.withPassword(
          req.body.email,
          req.body.password,
          clientMeta(req),
        )
        req.auditSubject = subject
        deps.sessions.setCookie(reply, token)
        return result
      },
    )

    app.post(
      '/api/auth/mfa/totp',
      {
        config: { audit: 'auth.mfa-verify', access: partial, rateLimit: MFA_LIMIT },
        schema: { body: CodeBody, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await factors.verifyTotp(actorOf(req), req.body.code))
        return { ok: true as const }
      },
    )

    app.post(
      '/api/auth/mfa/email/send',
      {
        config: {
          audit: 'auth.mfa-code-send',
          access: partial,
          rateLimit: { max: 5, timeWindow: '10 minutes' },
        },
        schema: { response: { 202: Accepted, ...errors } },
      },
      async (req, reply) => {
        await factors.sendEmailCode(actorOf(req))
        return reply
          .code(202)
          .send({ message: 'We sent a 6-digit code to your email address. It works for 10 minutes.' })
      },
    )

    app.post(
      '/api/auth/mfa/email',
      {
        config: { audit: 'auth.mfa-verify', access: partial, rateLimit: MFA_LIMIT },
        schema: { body: CodeBody, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await factors.verifyEmailCode(actorOf(req), req.body.code))
        return { ok: true as const }
      },
    )

    app.post(
      '/api/auth/mfa/recovery',
      {
        config: { audit: 'auth.recovery-code-use', access: partial, rateLimit: MFA_LIMIT },
        schema: { body: CodeBody, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await factors.verifyRecoveryCode(actorOf(req), req.body.code))
        return { ok: true as const }
      },
    )

    app.get(
      '/api/session',
      { config: { audit: false, access: partial }, schema: { response: { 200: SessionView, ...errors } } },
      async (req) => {
        const actor = actorOf(req)
        const account = await deps.db
          .selectFrom('account')
          .select(['id', 'email', 'display_name', 'role', 'is_prescriber', 'is_specialist'])
          .where('id', '=', actor.accountId)
          .executeTakeFirstOrThrow()
        const settings = await deps.settings.get()
        const left = actor.mfaAt
          ? STEP_UP_WINDOW_MS - (deps.clock.now().getTime() - actor.mfaAt.getTime())
          : 0
        return {
          account: {
            id: account.id,
            email: account.email,
            displayName: account.display_name,
            role: account.role,
            prescriber: account.is_prescriber,
            specialist: account.is_specialist,
          },
          level: actor.level,
          stepUpSecondsLeft: Math.max(0, Math.floor(left / 1000)),
          factors: await factorState(deps.db, actor.accountId),
          emailCodeAllowed: account.role === 'patient' && settings.patientEmailCodeAllowed,
        }
      },
    )

    app.post(
      '/api/auth/sign-out',
      { config: { audit: 'auth.sign-out', access: partial }, schema: { response: { 200: Ok, ...errors } } },
      async (req, reply) => {
        await deps.sessions.revoke(actorOf(req).sessionId, 'sign-out')
        deps.sessions.clearCookie(reply)
        return { ok: true as const }
      },
    )
  }
}
