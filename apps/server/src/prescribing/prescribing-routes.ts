// The clinician's prescribing API and the patient's prescriptions and repeat requests. Thin: the
// services decide access (a prescription the caller may not see is a 404, S2); signing and issuing
// a repeat need a second factor from the last 5 minutes (S17).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  ErrorBody,
  PatientPrescriptionParams,
  PrescriberQueue,
  PrescriptionCheckBody,
  PrescriptionDraftBody,
  PrescriptionList,
  PrescriptionParams,
  PrescriptionSignBody,
  PrescriptionView,
  RepeatApproval,
  RepeatDeclineBody,
  RepeatRequestBody,
  RepeatRequestList,
  RepeatRequestParams,
  RepeatRequestView,
  RuleFindings,
} from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'

export function prescribingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { prescriptions, repeats } = ctx.prescribing
  const errors = { '4xx': ErrorBody }
  const clinician = { session: 'full', roles: ['clinician'] } as const
  const sign = { ...clinician, stepUp: true } as const
  const patient = { session: 'full', roles: ['patient'] } as const
  const reader = { session: 'full', roles: ['clinician', 'patient'] } as const

  const about = (req: FastifyRequest, view: { id: string; patientId: string }) => {
    req.auditEntities = [`MedicationRequest/${view.id}`]
    req.auditPatients = [view.patientId]
    req.auditPurpose = req.actor?.role === 'patient' ? 'self' : 'care-team'
  }

  return async (app) => {
    app.post(
      '/api/prescriptions/check',
      {
        config: { audit: 'prescription.check', access: clinician },
        schema: { body: PrescriptionCheckBody, response: { 200: RuleFindings, ...errors } },
      },
      async (req) => prescriptions.check(actorOf(req), req.body),
    )
    app.post(
      '/api/prescriptions',
      {
        config: { audit: 'prescription.create', access: clinician },
        schema: { body: PrescriptionDraftBody, response: { 201: PrescriptionView, ...errors } },
      },
      async (req, reply) => {
        const view = await prescriptions.draft(actorOf(req), req.body)
        about(req, view)
        return reply.code(201).send(view)
      },
    )
    app.put(
      '/api/prescriptions/:prescriptionId',
      {
        config: { audit: 'prescription.update', access: clinician },
        schema: {
          params: PrescriptionParams,
          body: PrescriptionDraftBody,
          response: { 200: PrescriptionView, ...errors },
        },
      },
      async (req) => {
        const view = await prescriptions.update(actorOf(req), req.params.prescriptionId, req.body)
        about(req, view)
        return view
      },
    )
    app.delete(
      '/api/prescriptions/:prescriptionId',
      {
        config: { audit: 'prescription.discard', access: clinician },
        schema: { params: PrescriptionParams, response: { 200: PrescriptionView, ...errors } },
      },
      async (req) => {
        const view = await prescriptions.discard(actorOf(req), req.params.prescriptionId)
        about(req, view)
        return view
      },
    )
    app.post(
      '/api/prescriptions/:prescriptionId/sign',
      {
        config: { audit: 'prescription.sign', access: sign },
        schema: {
          params: PrescriptionParams,
          body: PrescriptionSignBody,
          response: { 200: PrescriptionView, ...errors },
        },
      },
      async (req) => {
        req.auditEntities = [`MedicationRequest/${req.params.prescriptionId}`]
        const view = await prescriptions.sign(actorOf(req), req.params.prescriptionId, req.body)
        about(req, view)
        return view
      },
    )
    app.get(
      '/api/prescriptions/:prescriptionId',
      {
        config: { audit: 'prescription.read', access: reader },
        schema: { params: PrescriptionParams, response: { 200: PrescriptionView, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        const view = await prescriptions.get(actorOf(req), req.params.prescriptionId)
        about(req, view)
        return view
      },
    )
    app.get(
      '/api/patients/:patientId/prescriptions',
      {
        config: { audit: 'prescription.list', access: clinician },
        schema: { params: PatientPrescriptionParams, response: { 200: PrescriptionList, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        req.auditPurpose = 'care-team'
        return { prescriptions: await prescriptions.forPatient(actorOf(req), req.params.patientId) }
      },
    )
    app.get(
      '/api/prescribing/queue',
      {
        config: { audit: 'prescribing.queue-read', access: clinician },
        schema: { response: { 200: PrescriberQueue, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        const queue = await repeats.queue(actorOf(req))
        req.auditPatients = [...new Set([...queue.requests, ...queue.returned].map((x) => x.patientId))]
        req.auditPurpose = 'care-team'
        return queue
      },
    )
    app.post(
      '/api/repeat-requests/:requestId/approve',
      {
        config: { audit: 'prescription.repeat-approve', access: sign },
        schema: {
          params: RepeatRequestParams,
          body: PrescriptionSignBody,
          response: { 200: RepeatApproval, ...errors },
        },
      },
      async (req) => {
        const patientId = await repeats.patientOf(actorOf(req), req.params.requestId)
        if (patientId) req.auditPatients = [patientId]
        const done = await repeats.approve(actorOf(req), req.params.requestId, req.body)
        req.auditEntities = [`RepeatRequest/${done.request.id}`, `MedicationRequest/${done.prescription.id}`]
        return done
      },
    )
    app.post(
      '/api/repeat-requests/:requestId/decline',
      {
        config: { audit: 'prescription.repeat-decline', access: clinician },
        schema: {
          params: RepeatRequestParams,
          body: RepeatDeclineBody,
          response: { 200: RepeatRequestView, ...errors },
        },
      },
      async (req) => {
        const patientId = await repeats.patientOf(actorOf(req), req.params.requestId)
        if (patientId) req.auditPatients = [patientId]
        req.auditEntities = [`RepeatRequest/${req.params.requestId}`]
        return repeats.decline(actorOf(req), req.params.requestId, req.body.message)
      },
    )

    // ---------- The patient ----------
    app.get(
      '/api/my/prescriptions',
      {
        config: { audit: 'prescription.list-own', access: patient },
        schema: { response: { 200: PrescriptionList, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        req.auditPatients = [actorOf(req).accountId]
        req.auditPurpose = 'self'
        return { prescriptions: await repeats.mine(actorOf(req)) }
      },
    )
    app.post(
      '/api/my/prescriptions/:prescriptionId/requests',
      {
        config: { audit: 'prescription.repeat-request', access: patient },
        schema: {
          params: PrescriptionParams,
          body: RepeatRequestBody,
          response: { 201: RepeatRequestView, ...errors },
        },
      },
      async (req, reply) => {
        req.auditPatients = [actorOf(req).accountId]
        req.auditPurpose = 'self'
        req.auditEntities = [`MedicationRequest/${req.params.prescriptionId}`]
        return reply
          .code(201)
          .send(await repeats.request(actorOf(req), req.params.prescriptionId, req.body.kind))
      },
    )
    app.get(
      '/api/my/repeat-requests',
      {
        config: { audit: 'prescription.repeat-list-own', access: patient },
        schema: { response: { 200: RepeatRequestList, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        req.auditPatients = [actorOf(req).accountId]
        req.auditPurpose = 'self'
        return { requests: await repeats.requestsOfPatient(actorOf(req)) }
      },
    )
  }
}
