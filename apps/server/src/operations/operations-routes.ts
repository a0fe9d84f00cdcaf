// The privacy officer's retention queue (S37) and Prometheus metrics (operations/README.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, RetentionErasure, RetentionFlagList, RetentionPatientParams } from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import { installMetrics } from './metrics/metrics-routes.ts'

const PRIVACY = { session: 'full', roles: ['privacy-officer'] } as const

export function operationsRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const retention = ctx.operations.retention
  const errors = { '4xx': ErrorBody }
  return async (app) => {
    app.addHook('onReady', async () => ctx.operations.retentionJob.schedule())
    installMetrics(app, ctx)

    app.get(
      '/api/privacy/retention',
      {
        config: { audit: 'retention.list', access: PRIVACY },
        schema: { response: { 200: RetentionFlagList, ...errors } },
      },
      async () => ({ flagged: await retention.listFlagged() }),
    )

    app.post(
      '/api/privacy/retention/:patientId/erase',
      {
        // The service records `retention.erase` in the erasure's own transaction.
        config: { audit: false, access: PRIVACY },
        schema: { params: RetentionPatientParams, response: { 200: RetentionErasure, ...errors } },
      },
      async (req) => retention.approveErasure(actorOf(req), req.params.patientId),
    )
  }
}
