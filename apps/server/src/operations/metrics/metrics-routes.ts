// GET /metrics for Prometheus: off (404) unless TESSERA_METRICS_TOKEN is set, then only with
// `Authorization: Bearer <token>` (compared in constant time). Gauges are read when scraped.
import { createHash, timingSafeEqual } from 'node:crypto'
import { sql } from 'kysely'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../platform/errors.ts'

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

function authorised(req: FastifyRequest, token: string): boolean {
  const header = req.headers.authorization ?? ''
  const given = header.startsWith('Bearer ') ? header.slice(7) : ''
  return timingSafeEqual(digest(given), digest(token))
}

async function gauges(ctx: AppContext): Promise<string[]> {
  const jobs = await ctx.db
    .selectFrom('job')
    .select(['queue', 'state', sql<string>`count(*)::text`.as('n')])
    .where('state', 'in', ['pending', 'running', 'failed'])
    .groupBy(['queue', 'state'])
    .execute()
  const calls = await sql<{
    n: string
  }>`select count(*)::text as n from consult_call where ended_at is null`.execute(ctx.db)
  const backlog = await ctx.sealer.unsealedAgeMs()
  const out = [
    '# HELP tessera_jobs Jobs in the queue by queue name and state (pending = depth; failed = gave up).',
    '# TYPE tessera_jobs gauge',
    ...jobs.map(
      (j) => `tessera_jobs{queue="${j.queue.replace(/[^a-z0-9._-]/gi, '_')}",state="${j.state}"} ${j.n}`,
    ),
    '# HELP tessera_audit_unsealed_events Audit events not yet sealed into a checkpoint.',
    '# TYPE tessera_audit_unsealed_events gauge',
    `tessera_audit_unsealed_events ${backlog.count}`,
    '# HELP tessera_audit_unsealed_age_seconds Age of the oldest unsealed audit event.',
    '# TYPE tessera_audit_unsealed_age_seconds gauge',
    `tessera_audit_unsealed_age_seconds ${backlog.ageMs / 1000}`,
    '# HELP tessera_active_calls Video calls started and not ended (all instances).',
    '# TYPE tessera_active_calls gauge',
    `tessera_active_calls ${calls.rows[0]?.n ?? 0}`,
    '# HELP tessera_websocket_connections Consultation sockets open on this instance.',
    '# TYPE tessera_websocket_connections gauge',
    `tessera_websocket_connections ${ctx.consult.sockets.size}`,
  ]
  return out
}

/** On the root instance (hooks are scoped to the plugin that adds them): every request is counted. */
export function observeRequests(app: FastifyInstance, ctx: AppContext): void {
  const metrics = ctx.operations.httpMetrics
  app.addHook('onResponse', async (req, reply) => {
    metrics.observe({
      method: req.method,
      template: req.routeOptions?.url,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    })
  })
}

export function installMetrics(app: FastifyInstance, ctx: AppContext): void {
  const metrics = ctx.operations.httpMetrics
  app.get(
    '/metrics',
    { config: { rateLimit: false, audit: false, access: { public: true } } },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const token = ctx.config.metricsToken
      if (!token) throw new AppError('not-found', 'Not found.')
      if (!authorised(req, token)) throw new AppError('unauthenticated', 'A metrics token is required.')
      const lines = [...metrics.render(), ...(await gauges(ctx))]
      return reply
        .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
        .send(`${lines.join('\n')}\n`)
    },
  )
}
