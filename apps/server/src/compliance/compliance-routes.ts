// The compliance centre's API: the checklist (admin and privacy officer) and the processors
// register (admin). No patient data here; every change to the register is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ComplianceReport,
  ErrorBody,
  ProcessorBody,
  ProcessorList,
  ProcessorParams,
  ProcessorView,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { FileAnchor, readAnchorFile } from '../audit/anchor.ts'

export function complianceRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { processors } = ctx.compliance
  const errors = { '4xx': ErrorBody }
  const admin = { session: 'full', roles: ['admin'] } as const
  const officers = { session: 'full', roles: ['admin', 'privacy-officer'] } as const

  return async (app) => {
    app.get(
      '/api/admin/compliance',
      {
        config: { audit: 'compliance.check', access: officers },
        schema: { response: { 200: ComplianceReport, ...errors } },
      },
      async () => {
        // The same anchor `tessera audit verify` reads by default, when it is a file on this host.
        const anchor = ctx.anchor instanceof FileAnchor ? await readAnchorFile(ctx.anchor.path) : undefined
        return ctx.compliance.report(anchor ? { anchor } : {})
      },
    )
    app.get(
      '/api/admin/processors',
      { config: { audit: false, access: officers }, schema: { response: { 200: ProcessorList, ...errors } } },
      async () => ({ processors: await processors.list() }),
    )
    app.post(
      '/api/admin/processors',
      {
        config: { audit: 'compliance.processor-create', access: admin },
        schema: { body: ProcessorBody, response: { 201: ProcessorView, ...errors } },
      },
      async (req, reply) => {
        const created = await processors.create(req.body)
        req.auditEntities = [`urn:tessera:processor:${created.id}`]
        return reply.code(201).send(created)
      },
    )
    app.put(
      '/api/admin/processors/:processorId',
      {
        config: { audit: 'compliance.processor-update', access: admin },
        schema: { params: ProcessorParams, body: ProcessorBody, response: { 200: ProcessorView, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`urn:tessera:processor:${req.params.processorId}`]
        return processors.update(req.params.processorId, req.body)
      },
    )
    app.delete(
      '/api/admin/processors/:processorId',
      {
        config: { audit: 'compliance.processor-delete', access: admin },
        schema: { params: ProcessorParams, response: { 200: ProcessorList, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`urn:tessera:processor:${req.params.processorId}`]
        await processors.remove(req.params.processorId)
        return { processors: await processors.list() }
      },
    )
  }
}
