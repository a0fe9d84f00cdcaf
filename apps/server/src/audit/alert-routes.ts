// Misuse alerts (S23) for the privacy officer (review) and the admin (read only). The alerts name
// staff and windows, never patients; the audit search shows what happened in each window.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  MisuseAlertIdParams,
  MisuseAlertList,
  MisuseAlertQuery,
  MisuseAlertView,
  ReviewMisuseAlertBody,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { MisuseAlertService } from './misuse-alert-service.ts'

export function alertRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const alerts = new MisuseAlertService(ctx.db, ctx.clock)
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    // The first scan is booked when the app is ready; after that each scan books the next one.
    app.addHook('onReady', async () => ctx.misuse.schedule())

    app.get(
      '/api/alerts',
      {
        config: { audit: 'alerts.read', access: { session: 'full', roles: ['privacy-officer', 'admin'] } },
        schema: { querystring: MisuseAlertQuery, response: { 200: MisuseAlertList, ...errors } },
      },
      async (req) => ({ alerts: await alerts.list(req.query.status) }),
    )

    app.patch(
      '/api/alerts/:alertId',
      {
        config: {
          audit: 'alerts.review',
          access: { session: 'full', roles: ['privacy-officer'], stepUp: true },
        },
        schema: {
          params: MisuseAlertIdParams,
          body: ReviewMisuseAlertBody,
          response: { 200: MisuseAlertView, ...errors },
        },
      },
      async (req) => {
        const view = await alerts.review(actorOf(req), req.params.alertId, req.body)
        req.auditEntities = [`MisuseAlert/${view.id}`]
        return view
      },
    )
  }
}
