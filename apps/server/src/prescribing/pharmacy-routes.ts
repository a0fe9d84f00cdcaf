// The pharmacist's queue: only tasks routed to their own pharmacy (anything else: 404, S2), and
// the pharmacy's controlled-drug register. Every call is audited naming the task and the patient.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  ControlledDrugRegister,
  DispenseBody,
  ErrorBody,
  HandoverBody,
  PharmacyTaskList,
  PharmacyTaskParams,
  PharmacyTaskQuery,
  PharmacyTaskView,
  RejectBody,
} from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'

export function pharmacyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const pharmacy = ctx.prescribing.pharmacy
  const errors = { '4xx': ErrorBody }
  const pharmacist = { session: 'full', roles: ['pharmacist'] } as const

  const about = async (req: FastifyRequest, taskId: string) => {
    req.auditEntities = [`Task/${taskId}`]
    req.auditPurpose = 'pharmacy'
    const patientId = await pharmacy.patientOf(actorOf(req), taskId)
    if (patientId) req.auditPatients = [patientId]
  }

  return async (app) => {
    app.get(
      '/api/pharmacy/tasks',
      {
        config: { audit: 'pharmacy.task-list', access: pharmacist },
        schema: { querystring: PharmacyTaskQuery, response: { 200: PharmacyTaskList, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        const tasks = await pharmacy.list(actorOf(req), req.query.state ?? 'open')
        req.auditPatients = [...new Set(tasks.map((t) => t.prescription.patientId))]
        req.auditPurpose = 'pharmacy'
        return { tasks }
      },
    )
    app.get(
      '/api/pharmacy/tasks/:taskId',
      {
        config: { audit: 'pharmacy.task-read', access: pharmacist },
        schema: { params: PharmacyTaskParams, response: { 200: PharmacyTaskView, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        await about(req, req.params.taskId)
        return pharmacy.get(actorOf(req), req.params.taskId)
      },
    )
    for (const [step, action] of [
      ['claim', 'pharmacy.task-claim'],
      ['check', 'pharmacy.task-check'],
    ] as const) {
      app.post(
        `/api/pharmacy/tasks/:taskId/${step}`,
        {
          config: { audit: action, access: pharmacist },
          schema: { params: PharmacyTaskParams, response: { 200: PharmacyTaskView, ...errors } },
        },
        async (req) => {
          await about(req, req.params.taskId)
          return pharmacy[step](actorOf(req), req.params.taskId)
        },
      )
    }
    app.post(
      '/api/pharmacy/tasks/:taskId/dispense',
      {
        config: { audit: 'pharmacy.task-dispense', access: pharmacist },
        schema: {
          params: PharmacyTaskParams,
          body: DispenseBody,
          response: { 200: PharmacyTaskView, ...errors },
        },
      },
      async (req) => {
        await about(req, req.params.taskId)
        const view = await pharmacy.dispense(actorOf(req), req.params.taskId, req.body)
        if (view.dispense) req.auditEntities = [`Task/${view.id}`, `MedicationDispense/${view.dispense.id}`]
        return view
      },
    )
    app.post(
      '/api/pharmacy/tasks/:taskId/reject',
      {
        config: { audit: 'pharmacy.task-reject', access: pharmacist },
        schema: {
          params: PharmacyTaskParams,
          body: RejectBody,
          response: { 200: PharmacyTaskView, ...errors },
        },
      },
      async (req) => {
        await about(req, req.params.taskId)
        return pharmacy.reject(actorOf(req), req.params.taskId, req.body)
      },
    )
    app.post(
      '/api/pharmacy/tasks/:taskId/handover',
      {
        config: { audit: 'pharmacy.task-handover', access: pharmacist },
        schema: {
          params: PharmacyTaskParams,
          body: HandoverBody,
          response: { 200: PharmacyTaskView, ...errors },
        },
      },
      async (req) => {
        await about(req, req.params.taskId)
        return pharmacy.handover(actorOf(req), req.params.taskId, req.body)
      },
    )
    app.get(
      '/api/pharmacy/controlled-drugs',
      {
        config: { audit: 'pharmacy.cd-register-read', access: pharmacist },
        schema: { response: { 200: ControlledDrugRegister, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        req.auditPatients = await pharmacy.registerPatients(actorOf(req))
        req.auditPurpose = 'pharmacy'
        return { entries: await pharmacy.register(actorOf(req)) }
      },
    )
  }
}
