// Intake for patients and their care team: the forms to complete, start or resume, autosave,
// submit, the read-only summary, and the readiness view (which reception sees too). Thin: the
// services do the work; access is the route's role list plus the access policy inside the services
// (another patient's record is "not found", S2).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  IntakeAnswersBody,
  IntakeFormList,
  IntakeResponseParams,
  IntakeSaved,
  IntakeSession,
  IntakeStartBody,
  IntakeSummaryList,
  PatientIdParams,
  PatientReadiness,
} from '@tessera/contracts'
import type { FastifyRequest } from 'fastify'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'

export function intakeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { responses, readiness } = ctx.intake
  const errors = { '4xx': ErrorBody }
  const care = { session: 'full', roles: ['patient', 'clinician'] } as const
  const patientOnly = { session: 'full', roles: ['patient'] } as const

  /** Why the actor could see the record, for the audit trail (once access was checked). */
  const purpose = async (req: FastifyRequest, patientId: string) => {
    req.auditPurpose = await ctx.access.purposeOf(actorOf(req), patientId)
  }

  /** Autosave and submit differ only in the status the answers are saved with. */
  const saveAs =
    (status: 'in-progress' | 'completed') =>
    async (
      req: FastifyRequest<{ Params: { patientId: string; responseId: string }; Body: IntakeAnswersBody }>,
    ) => {
      const { patientId, responseId } = req.params
      req.auditEntities = [`QuestionnaireResponse/${responseId}`]
      const saved = await responses.save(actorOf(req), patientId, responseId, req.body, status)
      await purpose(req, patientId)
      return saved
    }

  return async (app) => {
    app.get(
      '/api/patients/:patientId/intake',
      {
        config: { audit: 'intake.list', access: care },
        schema: { params: PatientIdParams, response: { 200: IntakeFormList, ...errors } },
      },
      async (req) => {
        const forms = await responses.forms(actorOf(req), req.params.patientId)
        await purpose(req, req.params.patientId)
        return { forms }
      },
    )

    app.post(
      '/api/patients/:patientId/intake',
      {
        config: { audit: 'intake.start', access: patientOnly },
        schema: {
          params: PatientIdParams,
          body: IntakeStartBody,
          response: { 200: IntakeSession, ...errors },
        },
      },
      async (req) => {
        const session = await responses.start(actorOf(req), req.params.patientId, req.body.url)
        req.auditEntities = [`QuestionnaireResponse/${session.responseId}`]
        await purpose(req, req.params.patientId)
        return session
      },
    )

    app.get(
      '/api/patients/:patientId/intake/:responseId',
      {
        config: { audit: 'intake.read', access: care },
        schema: { params: IntakeResponseParams, response: { 200: IntakeSession, ...errors } },
      },
      async (req) => {
        const { patientId, responseId } = req.params
        const session = await responses.session(actorOf(req), patientId, responseId)
        req.auditEntities = [`QuestionnaireResponse/${responseId}`]
        await purpose(req, patientId)
        return session
      },
    )

    app.put(
      '/api/patients/:patientId/intake/:responseId',
      {
        config: { audit: 'intake.save', access: patientOnly },
        schema: {
          params: IntakeResponseParams,
          body: IntakeAnswersBody,
          response: { 200: IntakeSaved, ...errors },
        },
      },
      saveAs('in-progress'),
    )

    app.post(
      '/api/patients/:patientId/intake/:responseId/submit',
      {
        config: { audit: 'intake.submit', access: patientOnly },
        schema: {
          params: IntakeResponseParams,
          body: IntakeAnswersBody,
          response: { 200: IntakeSaved, ...errors },
        },
      },
      saveAs('completed'),
    )

    app.get(
      '/api/patients/:patientId/intake-summaries',
      {
        config: { audit: 'intake.summary', access: care },
        schema: { params: PatientIdParams, response: { 200: IntakeSummaryList, ...errors } },
      },
      async (req) => {
        const summaries = await responses.summaries(actorOf(req), req.params.patientId)
        req.auditEntities = summaries.map((s) => `QuestionnaireResponse/${s.responseId}`)
        await purpose(req, req.params.patientId)
        return { summaries }
      },
    )

    app.get(
      '/api/patients/:patientId/readiness',
      {
        config: {
          audit: 'intake.readiness',
          access: { session: 'full', roles: ['patient', 'clinician', 'reception'] },
        },
        schema: { params: PatientIdParams, response: { 200: PatientReadiness, ...errors } },
      },
      async (req) => {
        const view = await readiness.of(actorOf(req), req.params.patientId)
        await purpose(req, req.params.patientId)
        return view
      },
    )
  }
}
