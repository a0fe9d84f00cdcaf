// The signed-in person's own second factors and sessions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  Accepted,
  CodeBody,
  EnrolmentResult,
  ErrorBody,
  FactorList,
  Ok,
  RecoveryCodes,
  RemoveFactorParams,
  SessionIdParams,
  SessionList,
  TotpEnrolment,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { AppError } from '../platform/errors.ts'
import { EnrolmentService, type FactorAdded } from './enrolment-service.ts'
import { factorState } from './factor-store.ts'

export function accountRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const enrolment = new EnrolmentService(deps)
  const errors = { '4xx': ErrorBody }
  const partial = { session: 'partial' } as const
  const full = { session: 'full' } as const
  const limit = { max: 10, timeWindow: '1 minute' }

  return async (app) => {
    const answer = (_reply: unknown, added: FactorAdded, setCookie: (token: string) => void) => {
      if (added.token) setCookie(added.token)
      return added.recoveryCodes ? { recoveryCodes: added.recoveryCodes } : {}
    }

    app.post(
      '/api/account/mfa/totp/start',
      {
        config: { audit: false, access: partial, rateLimit: limit },
        schema: { response: { 200: TotpEnrolment, ...errors } },
      },
      async (req) => enrolment.startTotp(actorOf(req)),
    )

    app.post(
      '/api/account/mfa/totp/confirm',
      {
        config: { audit: 'account.factor-add', access: partial, rateLimit: limit },
        schema: { body: CodeBody, response: { 200: EnrolmentResult, ...errors } },
      },
      async (req, reply) =>
        answer(reply, await enrolment.confirmTotp(actorOf(req), req.body.code), (t) =>
          deps.sessions.setCookie(reply, t),
        ),
    )

    app.post(
      '/api/account/mfa/email/start',
      {
        config: { audit: false, access: partial, rateLimit: { max: 5, timeWindow: '10 minutes' } },
        schema: { response: { 202: Accepted, ...errors } },
      },
      async (req, reply) => {
        await enrolment.startEmailCode(actorOf(req))
        return reply
          .code(202)
          .send({ message: 'We sent a 6-digit code to your email address. It works for 10 minutes.' })
      },
    )

    app.post(
      '/api/account/mfa/email/confirm',
      {
        config: { audit: 'account.factor-add', access: partial, rateLimit: limit },
        schema: { body: CodeBody, response: { 200: EnrolmentResult, ...errors } },
      },
      async (req, reply) =>
        answer(reply, await enrolment.confirmEmailCode(actorOf(req), req.body.code), (t) =>
          deps.sessions.setCookie(reply, t),
        ),
    )

    app.get(
      '/api/account/factors',
      { config: { audit: false, access: full }, schema: { response: { 200: FactorList, ...errors } } },
      async (req) => {
        const actor = actorOf(req)
        const state = await factorState(deps.db, actor.accountId)
        const passkeys = await deps.db
          .selectFrom('webauthn_credential')
          .select(['id', 'label', 'created_at', 'last_used_at'])
          .where('account_id', '=', actor.accountId)
          .orderBy('created_at')
          .execute()
        return {
          passkeys: passkeys.map((p) => ({
            id: p.id,
            label: p.label,
            createdAt: p.created_at.toISOString(),
            lastUsedAt: p.last_used_at?.toISOString() ?? null,
          })),
          totp: state.totp,
          emailCode: state.emailCode,
          recoveryCodesLeft: state.recoveryCodesLeft,
        }
      },
    )

    app.delete(
      '/api/account/factors/:kind/:id',
      {
        config: { audit: 'account.factor-remove', access: { ...full, stepUp: true } },
        schema: { params: RemoveFactorParams, response: { 200: Ok, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(
          reply,
          await enrolment.removeFactor(actorOf(req), req.params.kind, req.params.id),
        )
        return { ok: true as const }
      },
    )

    app.post(
      '/api/account/recovery-codes',
      {
        config: { audit: 'account.recovery-codes-rotate', access: { ...full, stepUp: true } },
        schema: { response: { 200: RecoveryCodes, ...errors } },
      },
      async (req) => ({
        codes: await enrolment.regenerateRecoveryCodes(actorOf(req)),
      }),
    )

    app.get(
      '/api/account/sessions',
      { config: { audit: false, access: full }, schema: { response: { 200: SessionList, ...errors } } },
      async (req) => {
        const actor = actorOf(req)
        const sessions = await deps.sessions.list(actor.accountId, actor.sessionId)
        return {
          sessions: sessions.map((s) => ({
            id: s.id,
            device: s.device,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            current: s.current,
          })),
        }
      },
    )

    app.delete(
      '/api/account/sessions/:sessionId',
      {
        config: { audit: 'account.session-revoke', access: full },
        schema: { params: SessionIdParams, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const own = await deps.db
          .selectFrom('session')
          .select('id')
          .where('id', '=', req.params.sessionId)
          .where('account_id', '=', actor.accountId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
        // Someone else's session id looks exactly like one that does not exist (S2).
        if (!own) throw new AppError('not-found', 'No such session.')
        await deps.sessions.revoke(own.id, own.id === actor.sessionId ? 'sign-out' : 'signed-out-elsewhere')
        return { ok: true as const }
      },
    )

    app.post(
      '/api/account/sessions/sign-out-others',
      {
        config: { audit: 'account.session-revoke', access: full },
        schema: { response: { 200: Ok, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        await deps.sessions.revokeAll(actor.accountId, 'signed-out-elsewhere', actor.sessionId)
        return { ok: true as const }
      },
    )
  }
}
