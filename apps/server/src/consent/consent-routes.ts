// The patient's consents (read, accept or decline, withdraw) and the care team's view of a
// patient's consent states. Thin: the work is in ConsentService.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ConsentAnswerBody,
  ConsentWithdrawBody,
  ErrorBody,
  PatientConsents,
  PatientConsentStates,
  PatientIdParams,
} from '@tessera/contracts'
import type { FastifyRequest } from 'fastify'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import type { Recorded } from './consent-service.ts'

const PATIENT = { session: 'full', roles: ['patient'] } as const
/** Patients see their own; the care team and reception (demographics) see a patient's states. */
const CARE = { session: 'full', roles: ['patient', 'clinician', 'reception'] } as const

function noteRecorded(req: FastifyRequest, recorded: Recorded): PatientConsents {
  req.auditEntities = recorded.consentIds.map((id) => `Consent/${id}`)
  return recorded.consents
}

export function consentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const consent = ctx.consent
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    app.get(
      '/api/consents',
      {
        config: { audit: 'consent.read', access: PATIENT },
        schema: { response: { 200: PatientConsents, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        req.auditPatients = [actor.accountId]
        req.auditPurpose = 'self'
        return consent.forPatient(actor.accountId)
      },
    )

    app.post(
      '/api/consents',
      {
        config: { audit: 'consent.answer', access: PATIENT },
        schema: { body: ConsentAnswerBody, response: { 200: PatientConsents, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        req.auditPatients = [actor.accountId]
        req.auditPurpose = 'self'
        return noteRecorded(req, await consent.answer(actor, req.body.textId, req.body.answer))
      },
    )

    app.post(
      '/api/consents/withdraw',
      {
        config: { audit: 'consent.withdraw', access: PATIENT },
        schema: { body: ConsentWithdrawBody, response: { 200: PatientConsents, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        req.auditPatients = [actor.accountId]
        req.auditPurpose = 'self'
        return noteRecorded(req, await consent.withdraw(actor, req.body.kind))
      },
    )

    app.get(
      '/api/patients/:patientId/consents',
      {
        config: { audit: 'consent.read', access: CARE },
        schema: { params: PatientIdParams, response: { 200: PatientConsentStates, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const { patientId } = req.params
        await ctx.access.assertPatient(actor, patientId, 'demographics')
        req.auditPurpose = await ctx.access.purposeOf(actor, patientId)
        return consent.staffView(patientId)
      },
    )
  }
}
