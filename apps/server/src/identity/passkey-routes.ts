// Passkeys: adding one to the account, signing in with one alone, and using one as the second
// factor of a signed-in session (completing a password sign-in, or a step-up).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AddPasskeyBody,
  ErrorBody,
  Ok,
  PasskeyAdded,
  PasskeyAssertionBody,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  SignInResult,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { clientMeta } from './auth-routes.ts'
import { EnrolmentService } from './enrolment-service.ts'
import { PasskeyChallenges } from './passkey-challenge.ts'
import { PasskeyRegistrationService } from './passkey-registration-service.ts'
import { PasskeySignInService } from './passkey-sign-in-service.ts'

/** Per client address per minute, as for password sign-in; accounts have their own backoff. */
const SIGN_IN_LIMIT = { max: 20, timeWindow: '1 minute' }
const SESSION_LIMIT = { max: 10, timeWindow: '1 minute' }

export function passkeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const challenges = new PasskeyChallenges(deps.db, deps.clock)
  const registration = new PasskeyRegistrationService(deps, challenges, new EnrolmentService(deps))
  const signIn = new PasskeySignInService(deps, challenges)
  const errors = { '4xx': ErrorBody }
  // Partial: the enrolment rules (first factor, or step-up on a full session) are the service's.
  const partial = { session: 'partial' } as const

  return async (app) => {
    app.post(
      '/api/account/passkeys/options',
      {
        config: { audit: false, access: partial, rateLimit: SESSION_LIMIT },
        schema: { response: { 200: PasskeyCreationOptions, ...errors } },
      },
      async (req, reply) => registration.options(actorOf(req), reply),
    )

    app.post(
      '/api/account/passkeys',
      {
        config: { audit: 'account.factor-add', access: partial, rateLimit: SESSION_LIMIT },
        schema: { body: AddPasskeyBody, response: { 200: PasskeyAdded, ...errors } },
      },
      async (req, reply) => {
        const { id, label, added } = await registration.register(actorOf(req), req, reply, req.body)
        if (added.token) deps.sessions.setCookie(reply, added.token)
        return { id, label, ...(added.recoveryCodes ? { recoveryCodes: added.recoveryCodes } : {}) }
      },
    )

    app.post(
      '/api/auth/passkey/options',
      {
        config: { audit: false, access: { public: true }, rateLimit: SIGN_IN_LIMIT },
        schema: { response: { 200: PasskeyRequestOptions, ...errors } },
      },
      async (_req, reply) => signIn.signInOptions(reply),
    )

    app.post(
      '/api/auth/passkey',
      {
        config: { audit: 'auth.sign-in-passkey', access: { public: true }, rateLimit: SIGN_IN_LIMIT },
        schema: { body: PasskeyAssertionBody, response: { 200: SignInResult, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await signIn.signIn(req, reply, req.body.response, clientMeta(req)))
        return { next: 'done' as const, factors: [] }
      },
    )

    app.post(
      '/api/auth/passkey/step-up/options',
      {
        config: { audit: false, access: partial, rateLimit: SESSION_LIMIT },
        schema: { response: { 200: PasskeyRequestOptions, ...errors } },
      },
      async (req, reply) => signIn.stepUpOptions(actorOf(req), reply),
    )

    app.post(
      '/api/auth/passkey/step-up',
      {
        config: { audit: 'auth.mfa-verify', access: partial, rateLimit: SESSION_LIMIT },
        schema: { body: PasskeyAssertionBody, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await signIn.stepUp(actorOf(req), req, reply, req.body.response))
        return { ok: true as const }
      },
    )
  }
}
