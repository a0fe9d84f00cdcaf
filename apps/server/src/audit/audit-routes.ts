// The audit trail's views (AUDIT.md "Views"): staff search and streamed export (admin and privacy
// officer; the export needs a fresh second factor, S17), and the patient's own access log. The FHIR
// AuditEvent search is registered from here too.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AccessLog,
  AccessLogQuery,
  AuditEventPage,
  AuditEventsQuery,
  AuditExportFile,
  AuditExportQuery,
  AuditPeople,
  AuditPeopleQuery,
  ErrorBody,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { AppError } from '../platform/errors.ts'
import { AccessLogService } from './access-log.ts'
import { EXPORT_CONTENT_TYPE, exportFileName, exportStream } from './audit-export.ts'
import { AuditQuery, pageSize, type AuditFilters } from './audit-query.ts'
import { toAuditEntry } from './audit-query-entry.ts'
import { findPeople } from './audit-query-people.ts'
import { fhirAuditRoutes } from './fhir-audit-routes.ts'

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

type FilterQuery = Pick<AuditEventsQuery, 'patientId' | 'actorId' | 'action' | 'outcome' | 'from' | 'to'>

export function staffFilters(query: FilterQuery): AuditFilters {
  const from = query.from === undefined ? undefined : new Date(query.from)
  const to = query.to === undefined ? undefined : new Date(query.to)
  if (from && to && from.getTime() >= to.getTime()) {
    throw new AppError('invalid', 'The end of the date range must be after its start.', [
      { path: 'querystring/to', message: 'must be after "from"' },
    ])
  }
  return {
    patientId: query.patientId?.toLowerCase(),
    actorId: query.actorId?.toLowerCase(),
    action: query.action,
    outcome: query.outcome,
    time: [
      ...(from ? [{ op: 'gte' as const, at: from }] : []),
      ...(to ? [{ op: 'lt' as const, at: to }] : []),
    ],
  }
}

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const query = new AuditQuery(ctx.db)
  const accessLog = new AccessLogService(ctx.db)
  const errors = { '4xx': ErrorBody }
  const auditors = { session: 'full', roles: ['admin', 'privacy-officer'] } as const

  return async (app) => {
    await app.register(fhirAuditRoutes(ctx, query))

    app.get(
      '/api/audit/events',
      {
        config: { audit: 'audit.search', access: auditors },
        schema: { querystring: AuditEventsQuery, response: { 200: AuditEventPage, ...errors } },
      },
      async (req) => {
        const filters = staffFilters(req.query)
        // Searching one patient's events is looking into their compartment: it names them.
        if (filters.patientId) req.auditPatients = [filters.patientId]
        const limit = pageSize(req.query.limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, 'querystring/limit')
        const page = await query.page(filters, limit, req.query.cursor)
        return { entries: page.rows.map(toAuditEntry), nextCursor: page.nextCursor }
      },
    )

    app.get(
      '/api/audit/export',
      {
        config: { audit: 'audit.export', access: { ...auditors, stepUp: true } },
        schema: { querystring: AuditExportQuery, response: { 200: AuditExportFile, ...errors } },
      },
      async (req, reply) => {
        const filters = staffFilters(req.query)
        if (filters.patientId) req.auditPatients = [filters.patientId]
        const { format } = req.query
        const name = exportFileName(format, ctx.clock.now())
        return reply
          .type(EXPORT_CONTENT_TYPE[format])
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(exportStream(query, filters, format))
      },
    )

    app.get(
      '/api/audit/people',
      {
        config: { audit: 'audit.people-search', access: auditors },
        schema: { querystring: AuditPeopleQuery, response: { 200: AuditPeople, ...errors } },
      },
      async (req) => {
        const people = await findPeople(ctx.db, req.query)
        req.auditPatients = people.filter((p) => p.role === 'patient').map((p) => p.id)
        return { people }
      },
    )

    // Always the signed-in patient's own log: there is no parameter that could name another.
    app.get(
      '/api/privacy/access-log',
      {
        config: { audit: 'privacy.access-log-read', access: { session: 'full', roles: ['patient'] } },
        schema: { querystring: AccessLogQuery, response: { 200: AccessLog, ...errors } },
      },
      async (req) => {
        const { accountId } = actorOf(req)
        req.auditPatients = [accountId]
        req.auditPurpose = 'self'
        return accessLog.forPatient(accountId)
      },
    )
  }
}
