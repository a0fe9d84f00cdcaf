// The clinic admin's consent texts: list versions with acceptance counts, write a draft, publish
// it (a second factor in the last 5 minutes, S17). Published versions are never changed or removed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AdminConsentTexts,
  ConsentDraftBody,
  ConsentDraftUpdateBody,
  ConsentTextIdParams,
  ConsentTextView,
  ErrorBody,
  Ok,
} from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'

const ADMIN = { session: 'full', roles: ['admin'] } as const

export function consentAdminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const texts = ctx.consent.texts
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    app.get(
      '/api/admin/consent-texts',
      {
        config: { audit: false, access: ADMIN },
        schema: { response: { 200: AdminConsentTexts, ...errors } },
      },
      async () => texts.list(),
    )

    app.post(
      '/api/admin/consent-texts',
      {
        config: { audit: 'consent-text.draft', access: ADMIN },
        schema: { body: ConsentDraftBody, response: { 201: ConsentTextView, ...errors } },
      },
      async (req, reply) => {
        const draft = await texts.createDraft(actorOf(req), req.body)
        req.auditEntities = [`ConsentText/${draft.id}`]
        return reply.code(201).send(draft)
      },
    )

    app.put(
      '/api/admin/consent-texts/:textId',
      {
        config: { audit: 'consent-text.draft', access: ADMIN },
        schema: {
          params: ConsentTextIdParams,
          body: ConsentDraftUpdateBody,
          response: { 200: ConsentTextView, ...errors },
        },
      },
      async (req) => {
        req.auditEntities = [`ConsentText/${req.params.textId}`]
        return texts.updateDraft(req.params.textId, req.body)
      },
    )

    app.delete(
      '/api/admin/consent-texts/:textId',
      {
        config: { audit: 'consent-text.discard', access: ADMIN },
        schema: { params: ConsentTextIdParams, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`ConsentText/${req.params.textId}`]
        await texts.discardDraft(req.params.textId)
        return { ok: true as const }
      },
    )

    app.post(
      '/api/admin/consent-texts/:textId/publish',
      {
        config: { audit: 'consent-text.publish', access: { ...ADMIN, stepUp: true } },
        schema: { params: ConsentTextIdParams, response: { 200: ConsentTextView, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`ConsentText/${req.params.textId}`]
        return texts.publish(actorOf(req), req.params.textId)
      },
    )
  }
}
