// Secure messaging routes. Thin: the service does the work, with the access filter in SQL (a thread
// the caller may not see is "No such thread.", S2). Every read and write is audited naming the
// patient; the live stream carries ids only and is not audited (the reads it prompts are).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AssigneeList,
  ErrorBody,
  NewMessageBody,
  NewThreadBody,
  ThreadDetail,
  ThreadIdParams,
  ThreadList,
  ThreadListQuery,
  ThreadSummary,
  ThreadUpdateBody,
} from '@tessera/contracts'
import type { FastifyRequest } from 'fastify'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'

export function messagingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { service, streams } = ctx.messaging
  const errors = { '4xx': ErrorBody }
  const everyone = { session: 'full', roles: ['patient', 'clinician', 'reception'] } as const
  const staff = { session: 'full', roles: ['clinician', 'reception'] } as const

  /** The patient (and why the caller could see them) for the audit event, once access passed. */
  const audited = async (req: FastifyRequest, threadId: string, patientId: string) => {
    req.auditPatients = [patientId]
    req.auditEntities = [`message-thread/${threadId}`]
    req.auditPurpose = await ctx.access.purposeOf(actorOf(req), patientId)
  }

  return async (app) => {
    // Streams end before the server stops accepting, so closing never waits on them. The event bus
    // is the context's; messaging is its first user, so it closes it (move to app.ts with a second).
    app.addHook('preClose', async () => streams.closeAll())
    app.addHook('onClose', async () => ctx.events.close())

    app.get(
      '/api/messages/threads',
      {
        config: { audit: 'message.list', access: everyone },
        schema: { querystring: ThreadListQuery, response: { 200: ThreadList, ...errors } },
      },
      async (req) => {
        const threads = await service.list(actorOf(req), req.query)
        req.auditPatients = [...new Set(threads.map((t) => t.patient.id))]
        req.auditEntities = threads.map((t) => `message-thread/${t.id}`)
        return { threads }
      },
    )

    app.post(
      '/api/messages/threads',
      {
        config: { audit: 'message.start', access: { session: 'full', roles: ['patient'] } },
        schema: { body: NewThreadBody, response: { 201: ThreadDetail, ...errors } },
      },
      async (req, reply) => {
        const detail = await service.start(actorOf(req), req.body)
        await audited(req, detail.thread.id, detail.thread.patient.id)
        return reply.code(201).send(detail)
      },
    )

    app.get(
      '/api/messages/threads/:threadId',
      {
        config: { audit: 'message.read', access: everyone },
        schema: { params: ThreadIdParams, response: { 200: ThreadDetail, ...errors } },
      },
      async (req) => {
        const detail = await service.detail(actorOf(req), req.params.threadId)
        await audited(req, detail.thread.id, detail.thread.patient.id)
        return detail
      },
    )

    app.post(
      '/api/messages/threads/:threadId/messages',
      {
        config: { audit: 'message.send', access: everyone },
        schema: { params: ThreadIdParams, body: NewMessageBody, response: { 201: ThreadDetail, ...errors } },
      },
      async (req, reply) => {
        const detail = await service.post(actorOf(req), req.params.threadId, req.body)
        await audited(req, detail.thread.id, detail.thread.patient.id)
        return reply.code(201).send(detail)
      },
    )

    app.post(
      '/api/messages/threads/:threadId/read',
      {
        config: { audit: 'message.receipt', access: everyone },
        schema: { params: ThreadIdParams, response: { 200: ThreadSummary, ...errors } },
      },
      async (req) => {
        const summary = await service.markRead(actorOf(req), req.params.threadId)
        await audited(req, summary.id, summary.patient.id)
        return summary
      },
    )

    app.patch(
      '/api/messages/threads/:threadId',
      {
        config: { audit: 'message.triage', access: staff },
        schema: {
          params: ThreadIdParams,
          body: ThreadUpdateBody,
          response: { 200: ThreadSummary, ...errors },
        },
      },
      async (req) => {
        const summary = await service.update(actorOf(req), req.params.threadId, req.body)
        await audited(req, summary.id, summary.patient.id)
        return summary
      },
    )

    app.get(
      '/api/messages/threads/:threadId/assignees',
      {
        config: { audit: 'message.assignees', access: staff },
        schema: { params: ThreadIdParams, response: { 200: AssigneeList, ...errors } },
      },
      async (req) => {
        const { patientId, staff } = await service.assignees(actorOf(req), req.params.threadId)
        await audited(req, req.params.threadId, patientId)
        return { staff }
      },
    )

    app.get(
      '/api/messages/events',
      {
        // Ids only ("thread X changed"), for threads the caller can see; the reads it prompts are audited.
        config: { audit: false, access: everyone },
      },
      async (req, reply) => streams.serve(req, reply, actorOf(req)),
    )
  }
}
