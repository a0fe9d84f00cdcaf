// Every route says what it records in `config.audit` (an action name, or false for routes that
// touch no patient data and no security state). One hook writes the event before the response
// leaves (fail closed: if the event cannot be made durable, the client gets a 503 and no data).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../platform/errors.ts'
import type { AuditOutcome } from './audit-tables.ts'
import type { AuditRecord } from './audit-event.ts'
import type { AuditWriter } from './audit-writer.ts'

export type RouteAudit = string | false

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: RouteAudit
  }
  interface FastifyRequest {
    /** Patients whose records the handler touched (search results); default: the :patientId param. */
    auditPatients: string[] | null
    /** Extra references (resource ids, grants) for the event. */
    auditEntities: string[] | null
    /** Who a public route acted for (the account a sign-in was against), when there is no session. */
    auditSubject: { id: string; role: string } | null
    /** Why the actor could see the record (care-team, break-glass, self, scheduling). */
    auditPurpose: string | null
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success'
  if (status === 401 || status === 403 || status === 404 || status === 409 || status === 412) return 'denied'
  return 'failure'
}

function patientsOf(req: FastifyRequest): Array<string | null> {
  if (req.auditPatients) return req.auditPatients.length ? req.auditPatients : [null]
  const fromParams = (req.params as Record<string, unknown> | undefined)?.['patientId']
  const fromBody = (req.body as Record<string, unknown> | undefined)?.['patientId']
  const id = typeof fromParams === 'string' ? fromParams : typeof fromBody === 'string' ? fromBody : null
  return [id && UUID.test(id) ? id : null]
}

/** The references of an event; a request made with a SMART app's token also names the app. */
function entitiesOf(req: FastifyRequest): string[] {
  const entities = req.auditEntities ?? []
  const app = req.actor?.app
  const device = app ? `Device/${app.clientId}` : null
  return device && !entities.includes(device) ? [...entities, device] : entities
}

export function recordsFor(req: FastifyRequest, reply: FastifyReply, action: string): AuditRecord[] {
  const actor = req.actor
  const subject = req.auditSubject
  const entities = entitiesOf(req)
  return patientsOf(req).map((patientId) => ({
    action,
    outcome: outcomeOf(reply.statusCode),
    actorId: actor?.accountId ?? subject?.id ?? null,
    actorRole: actor?.role ?? subject?.role ?? null,
    sessionId: actor?.sessionId ?? null,
    patientId,
    entities,
    purpose: req.auditPurpose,
    requestId: req.id,
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? null,
    detail: String(reply.statusCode),
  }))
}

export function installRouteAudit(app: FastifyInstance, writer: AuditWriter): void {
  app.decorateRequest('auditPatients', null)
  app.decorateRequest('auditEntities', null)
  app.decorateRequest('auditSubject', null)
  app.decorateRequest('auditPurpose', null)
  app.addHook('onSend', async (req, reply, payload) => {
    const action = req.routeOptions.config.audit
    if (!action) return payload
    try {
      await writer.record(recordsFor(req, reply, action))
      return payload
    } catch (err) {
      // Fail closed (S20): the prepared body may carry patient data; replace it.
      req.log.error({ err }, 'audit write failed; response withheld')
      const error =
        err instanceof AppError ? err : new AppError('unavailable', 'The audit trail is unavailable.')
      reply.code(503).type('application/json; charset=utf-8')
      return JSON.stringify({ error: { code: error.code, message: error.message, requestId: req.id } })
    }
  })
}
