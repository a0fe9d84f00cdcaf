// Self-registration, email verification, password reset and password change.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Accepted,
  ChangePasswordBody,
  ErrorBody,
  Ok,
  RegisterBody,
  ResetCompleteBody,
  ResetRequestBody,
  TokenBody,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { REGISTERED_MESSAGE, RegistrationService } from './registration-service.ts'
import { PasswordService, RESET_REQUESTED_MESSAGE } from './password-service.ts'

/**
 * Per client address (accounts have their own limits: lockout.ts, and the per-account caps on
 * emails in the services). Each registration or password attempt costs an argon2 hash.
 */
const REGISTER_LIMIT = { max: 10, timeWindow: '10 minutes' }
const VERIFY_LIMIT = { max: 20, timeWindow: '1 minute' }
const RESET_REQUEST_LIMIT = { max: 5, timeWindow: '10 minutes' }
const PASSWORD_LIMIT = { max: 10, timeWindow: '1 minute' }

export function registrationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const registration = new RegistrationService(deps)
  const passwords = new PasswordService(deps)
  const errors = { '4xx': ErrorBody }
  const open = { public: true } as const

  return async (app) => {
    app.post(
      '/api/auth/register',
      {
        config: { audit: 'account.register', access: open, rateLimit: REGISTER_LIMIT },
        schema: { body: RegisterBody, response: { 202: Accepted, ...errors } },
      },
      async (req, reply) => {
        await registration.register(req.body)
        return reply.code(202).send({ message: REGISTERED_MESSAGE })
      },
    )

    app.post(
      '/api/auth/verify-email',
      {
        config: { audit: 'account.email-verify', access: open, rateLimit: VERIFY_LIMIT },
        schema: { body: TokenBody, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        await registration.verifyEmail(req.body.token)
        return { ok: true as const }
      },
    )

    app.post(
      '/api/auth/password-reset/request',
      {
        config: { audit: 'auth.reset-request', access: open, rateLimit: RESET_REQUEST_LIMIT },
        schema: { body: ResetRequestBody, response: { 202: Accepted, ...errors } },
      },
      async (req, reply) => {
        await passwords.requestReset(req.body.email)
        return reply.code(202).send({ message: RESET_REQUESTED_MESSAGE })
      },
    )

    app.post(
      '/api/auth/password-reset/complete',
      {
        config: { audit: 'auth.reset-complete', access: open, rateLimit: PASSWORD_LIMIT },
        schema: { body: ResetCompleteBody, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        await passwords.completeReset(req.body.token, req.body.password)
        return { ok: true as const }
      },
    )

    app.post(
      '/api/account/password',
      {
        config: {
          audit: 'account.password-change',
          access: { session: 'full', stepUp: true },
          rateLimit: PASSWORD_LIMIT,
        },
        schema: { body: ChangePasswordBody, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        const token = await passwords.change(actorOf(req), req.body.currentPassword, req.body.newPassword)
        deps.sessions.setCookie(reply, token)
        return { ok: true as const }
      },
    )
  }
}
