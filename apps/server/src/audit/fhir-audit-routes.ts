// FHIR R4 AuditEvent search and read (IHE BALP-shaped bodies as stored). Errors under /fhir/ are
// OperationOutcomes (platform/http/error-handler.ts), so the 4xx schema here is that shape.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  FhirAuditEvent,
  FhirAuditEventIdParams,
  FhirAuditEventBundle,
  FhirAuditEventSearch,
  FhirOperationOutcome,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { AppError } from '../platform/errors.ts'
import { pageSize, type AuditQuery } from './audit-query.ts'
import {
  FHIR_DEFAULT_COUNT,
  FHIR_MAX_COUNT,
  assertKnownParameters,
  fhirAuditEvent,
  fhirFilters,
  searchBundle,
} from './audit-query-fhir.ts'

const FHIR_JSON = 'application/fhir+json; charset=utf-8'

export function fhirAuditRoutes(ctx: AppContext, query: AuditQuery): FastifyPluginAsyncTypebox {
  const errors = { '4xx': FhirOperationOutcome }
  const auditors = { session: 'full', roles: ['admin', 'privacy-officer'] } as const

  return async (app) => {
    app.get(
      '/fhir/R4/AuditEvent',
      {
        config: { audit: 'audit.search', access: auditors },
        schema: { querystring: FhirAuditEventSearch, response: { 200: FhirAuditEventBundle, ...errors } },
        // Strict handling (FHIR search 3.1.1.3.1): name the unknown parameter before the schema runs.
        preValidation: async (req) => assertKnownParameters(req.query),
      },
      async (req, reply) => {
        const filters = fhirFilters(req.query)
        if (filters.patientId) req.auditPatients = [filters.patientId]
        const count = pageSize(req.query._count, FHIR_DEFAULT_COUNT, FHIR_MAX_COUNT, '_count')
        const page = await query.page(filters, count, req.query._cursor)
        return reply.type(FHIR_JSON).send(searchBundle(ctx.identity.publicUrl(), req.url, req.query, page))
      },
    )

    app.get(
      '/fhir/R4/AuditEvent/:id',
      {
        config: { audit: 'audit.read', access: auditors },
        schema: { params: FhirAuditEventIdParams, response: { 200: FhirAuditEvent, ...errors } },
      },
      async (req, reply) => {
        const row = await query.byId(req.params.id)
        if (!row) throw new AppError('not-found', `AuditEvent/${req.params.id} not found`)
        if (row.patientId) req.auditPatients = [row.patientId]
        return reply.type(FHIR_JSON).send(fhirAuditEvent(row))
      },
    )
  }
}
