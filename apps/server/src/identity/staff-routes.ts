// Staff invitations, the admin's user management, authentication settings and the dev outbox.
// Every change an admin makes needs a second factor in the last 5 minutes (S17).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AcceptInvitationBody,
  ClinicAuthSettings,
  ErrorBody,
  InvitationList,
  InvitationView,
  InviteBody,
  OutboxView,
  SignInResult,
  UpdateUserBody,
  UserIdParams,
  UserList,
  UserListQuery,
  UserSummary,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { clientMeta } from './auth-routes.ts'
import { InvitationService } from './invitation-service.ts'
import { UserAdminService } from './user-admin-service.ts'

/** Accepting costs an argon2 hash and an invitation link is not something to guess at speed. */
const ACCEPT_LIMIT = { max: 10, timeWindow: '1 minute' }
const INVITE_LIMIT = { max: 30, timeWindow: '10 minutes' }

export function staffRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const deps = ctx.identity
  const invitations = new InvitationService(deps)
  const users = new UserAdminService(deps)
  const errors = { '4xx': ErrorBody }
  const admin = { session: 'full', roles: ['admin'] } as const
  const adminChange = { ...admin, stepUp: true } as const

  return async (app) => {
    app.post(
      '/api/admin/invitations',
      {
        config: { audit: 'admin.invite', access: adminChange, rateLimit: INVITE_LIMIT },
        schema: { body: InviteBody, response: { 201: InvitationView, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await invitations.invite(actorOf(req), req.body)),
    )

    app.get(
      '/api/admin/invitations',
      { config: { audit: false, access: admin }, schema: { response: { 200: InvitationList, ...errors } } },
      async () => ({ invitations: await invitations.listPending() }),
    )

    app.post(
      '/api/invitations/accept',
      {
        config: { audit: 'account.invitation-accept', access: { public: true }, rateLimit: ACCEPT_LIMIT },
        schema: { body: AcceptInvitationBody, response: { 200: SignInResult, ...errors } },
      },
      async (req, reply) => {
        deps.sessions.setCookie(reply, await invitations.accept(req.body, clientMeta(req)))
        // A new account has no second factor: enrolling one is the next step, and the only one open.
        return { next: 'enrol' as const, factors: [] }
      },
    )

    app.get(
      '/api/admin/users',
      {
        config: { audit: 'admin.users-read', access: admin },
        schema: { querystring: UserListQuery, response: { 200: UserList, ...errors } },
      },
      async (req) => ({ users: await users.list(req.query) }),
    )

    app.patch(
      '/api/admin/users/:userId',
      {
        config: { audit: 'admin.user-update', access: adminChange },
        schema: {
          params: UserIdParams,
          body: UpdateUserBody,
          response: { 200: UserSummary, ...errors },
        },
      },
      async (req) => users.update(actorOf(req), req.params.userId, req.body),
    )

    app.get(
      '/api/admin/settings/auth',
      {
        config: { audit: false, access: admin },
        schema: { response: { 200: ClinicAuthSettings, ...errors } },
      },
      async () => {
        const s = await deps.settings.get()
        return {
          patientSelfRegistration: s.patientSelfRegistration,
          patientEmailCodeAllowed: s.patientEmailCodeAllowed,
        }
      },
    )

    app.put(
      '/api/admin/settings/auth',
      {
        config: { audit: 'config.update', access: adminChange },
        schema: { body: ClinicAuthSettings, response: { 200: ClinicAuthSettings, ...errors } },
      },
      async (req) => {
        const s = await deps.settings.update(req.body)
        req.log.info({ by: actorOf(req).accountId }, 'authentication settings changed')
        return {
          patientSelfRegistration: s.patientSelfRegistration,
          patientEmailCodeAllowed: s.patientEmailCodeAllowed,
        }
      },
    )

    app.get(
      '/api/admin/outbox',
      {
        config: { audit: 'admin.outbox-read', access: admin },
        schema: { response: { 200: OutboxView, ...errors } },
      },
      async () => users.outbox(),
    )
  }
}
