// One log line per request, when the response is sent: method, route template (never the URL, which
// can carry ids and query values), status and duration. 5xx causes are logged by the error handler.
import type { FastifyInstance } from 'fastify'
import { safeRoute } from '../logger.ts'

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: safeRoute(req),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    )
  })
}
