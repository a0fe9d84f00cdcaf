// The SMART pages' API: the consent screen and its decision, a person's connected apps, and the
// admin's app registry. Cookie sessions only (no bearer tokens), CSRF-checked like every POST.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ConnectedAppList,
  ErrorBody,
  Ok,
  RegisterSmartAppBody,
  RegisteredSmartApp,
  SmartAppList,
  SmartClientIdParams,
  SmartConsentView,
  SmartDecision,
  SmartRequestParams,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { AppError } from '../platform/errors.ts'
import { connectedApps, appView } from './smart-views.ts'

export function smartApiRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const smart = ctx.smart
  const errors = { '4xx': ErrorBody }
  const full = { session: 'full' } as const
  const admin = { session: 'full', roles: ['admin'] } as const
  const adminChange = { ...admin, stepUp: true } as const

  return async (app) => {
    app.get(
      '/api/smart/requests/:requestId',
      {
        config: { audit: 'smart.request.view', access: full },
        schema: { params: SmartRequestParams, response: { 200: SmartConsentView, ...errors } },
      },
      async (req) => {
        const view = await smart.authorization.view(actorOf(req), req.params.requestId)
        req.auditEntities = [`Device/${view.app.clientId}`]
        return view
      },
    )

    for (const decision of ['allow', 'deny'] as const) {
      app.post(
        `/api/smart/requests/:requestId/${decision}`,
        {
          config: { audit: `smart.consent.${decision}`, access: full },
          schema: { params: SmartRequestParams, response: { 200: SmartDecision, ...errors } },
        },
        async (req) => {
          const actor = actorOf(req)
          const answer = await smart.authorization.decide(actor, req.params.requestId, decision === 'allow')
          req.auditEntities = [`Device/${answer.clientId}`]
          return { redirectTo: answer.redirectTo }
        },
      )
    }

    app.get(
      '/api/smart/connections',
      { config: { audit: false, access: full }, schema: { response: { 200: ConnectedAppList, ...errors } } },
      async (req) => ({ apps: connectedApps(await smart.grants.listForAccount(actorOf(req).accountId)) }),
    )

    app.delete(
      '/api/smart/connections/:clientId',
      {
        config: { audit: 'smart.grant.revoke', access: full },
        schema: { params: SmartClientIdParams, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        const ended = await smart.grants.revokeApp(actorOf(req).accountId, req.params.clientId)
        if (ended === 0) throw new AppError('not-found', 'This app is not connected to your account.')
        req.auditEntities = [`Device/${req.params.clientId}`]
        return { ok: true as const }
      },
    )

    app.get(
      '/api/admin/smart-apps',
      { config: { audit: false, access: admin }, schema: { response: { 200: SmartAppList, ...errors } } },
      async () => ({ apps: (await smart.apps.list()).map(appView) }),
    )

    app.post(
      '/api/admin/smart-apps',
      {
        config: { audit: 'smart.app.register', access: adminChange },
        schema: { body: RegisterSmartAppBody, response: { 201: RegisteredSmartApp, ...errors } },
      },
      async (req, reply) => {
        const { app: registered, clientSecret } = await smart.apps.register(actorOf(req).accountId, req.body)
        req.auditEntities = [`Device/${registered.clientId}`]
        return reply.code(201).send({ app: appView(registered), clientSecret })
      },
    )

    app.post(
      '/api/admin/smart-apps/:clientId/disable',
      {
        config: { audit: 'smart.app.disable', access: adminChange },
        schema: { params: SmartClientIdParams, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        await smart.apps.disable(req.params.clientId)
        req.auditEntities = [`Device/${req.params.clientId}`]
        return { ok: true as const }
      },
    )
  }
}
