// The patient's privacy centre API (packages/contracts/src/privacy.ts). Both routes are always the
// signed-in patient's own: there is no parameter that could name another patient, and staff are
// refused by role (403), as for the access log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { ErrorBody, PRIVACY_EXPORT_PATH, PrivacyDownloads, PrivacyOwnQuery } from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import { contentDisposition } from '../vault/documents/upload/file-name.ts'
import { PrivacyExport, type PreparedExport } from './export-archive.ts'
import { ownDownloads } from './own-downloads.ts'

/** The ZIP as an attachment with its exact length, so the browser can show real progress. */
function sendArchive(reply: FastifyReply, prepared: PreparedExport): FastifyReply {
  // Finished, cut or refused: nothing stays open behind this response.
  reply.raw.once('close', () => prepared.stream.destroy())
  return reply
    .header('content-type', 'application/zip')
    .header('content-length', String(prepared.size))
    .header('content-disposition', contentDisposition(prepared.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(prepared.stream)
}

const patientOnly = { session: 'full', roles: ['patient'] } as const

export function privacyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const exporter = new PrivacyExport(ctx)
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    app.get(
      PRIVACY_EXPORT_PATH,
      {
        config: { audit: 'privacy.export', access: patientOnly },
        schema: { querystring: PrivacyOwnQuery, response: errors },
      },
      async (req, reply) => {
        const actor = actorOf(req)
        req.auditPatients = [actor.accountId]
        req.auditPurpose = 'self'
        const prepared = await exporter.prepare(actor, (documentId) => {
          // The response already started: the transfer is cut (the browser sees a failed download).
          req.log.error({ documentId, problem: 'integrity' }, 'privacy export: a document failed part-way')
          void ctx.audit
            .record([
              {
                action: 'privacy.export',
                outcome: 'failure',
                actorId: actor.accountId,
                actorRole: actor.role,
                sessionId: actor.sessionId,
                patientId: actor.accountId,
                entities: [`DocumentReference/${documentId}`],
                requestId: req.id,
                detail: 'integrity-failure',
              },
            ])
            .catch((err: unknown) => req.log.error({ err }, 'audit write failed'))
        })
        req.auditEntities = [
          `Patient/${actor.accountId}`,
          ...prepared.documentIds.map((id) => `DocumentReference/${id}`),
        ]
        return sendArchive(reply, prepared)
      },
    )

    app.get(
      '/api/privacy/downloads',
      {
        config: { audit: 'privacy.downloads-read', access: patientOnly },
        schema: { querystring: PrivacyOwnQuery, response: { 200: PrivacyDownloads, ...errors } },
      },
      async (req) => {
        const { accountId } = actorOf(req)
        req.auditPatients = [accountId]
        req.auditPurpose = 'self'
        return ownDownloads(ctx.db, accountId)
      },
    )
  }
}
