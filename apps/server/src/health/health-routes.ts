import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthStatus, ReadyStatus } from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { ping } from '../platform/db/database.ts'
import { pendingMigrations } from '../platform/db/migrate.ts'

/** /healthz: the process answers. /readyz: the database answers and every migration is applied. */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/healthz',
      { config: { rateLimit: false, access: { public: true } }, schema: { response: { 200: HealthStatus } } },
      async () => ({ status: 'ok' as const, version: ctx.version }),
    )
    app.get(
      '/readyz',
      {
        config: { rateLimit: false, access: { public: true } },
        schema: { response: { 200: ReadyStatus, 503: ReadyStatus } },
      },
      async (_req, reply) => {
        try {
          await ping(ctx.db)
          const pending = await pendingMigrations(ctx.db)
          const ready = pending.length === 0
          return reply
            .code(ready ? 200 : 503)
            .send({ status: ready ? 'ready' : 'not-ready', database: 'ok', pendingMigrations: pending })
        } catch {
          return reply.code(503).send({ status: 'not-ready', database: 'unreachable', pendingMigrations: [] })
        }
      },
    )
  }
}
