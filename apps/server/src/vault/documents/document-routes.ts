// The document vault's HTTP API (packages/contracts/src/documents.ts). Thin: the service does the
// work; access is declared per route and the patient filter applies inside the service (S1, S2).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import multipart from '@fastify/multipart'
import {
  DocumentIdParams,
  DocumentList,
  DocumentReviewBody,
  DocumentView,
  ErrorBody,
  PatientIdParams,
} from '@tessera/contracts'
import { actorOf } from '../../access/route-access.ts'
import type { AppContext } from '../../context.ts'
import { sendDocument } from './document-send.ts'
import { ScannerUnavailable } from './scanner/clamd-scanner.ts'
import { settleUploadRequest, uploadError } from './upload-errors.ts'
import { checkUploadRequest, withUploadedFile } from './upload-form.ts'

export function documentRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const documents = ctx.documents
  const maxBytes = ctx.config.uploadMaxBytes
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    // Multipart is parsed only in this plugin's routes (encapsulated), and only as a stream.
    await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: maxBytes + 1 } })
    app.addHook('onReady', async () => documents.sweeper.scheduleAtStart())

    app.post(
      '/api/patients/:patientId/documents',
      {
        config: { audit: 'document.upload', access: { session: 'full', roles: ['patient', 'clinician'] } },
        schema: { params: PatientIdParams, response: { 201: DocumentView, ...errors } },
      },
      async (req, reply) => {
        const actor = actorOf(req)
        const { patientId } = req.params
        await documents.assertPatient(actor, patientId)
        req.auditPurpose = await ctx.access.purposeOf(actor, patientId)
        try {
          checkUploadRequest(req, maxBytes)
          const staged = await withUploadedFile(
            req,
            maxBytes,
            (parts) => documents.stage(actor, { patientId, ...parts }),
            (upload) => upload.discard(),
          )
          const view = await documents.commit(actor, staged)
          req.auditEntities = [`DocumentReference/${view.id}`]
          return reply.code(201).send(view)
        } catch (err) {
          settleUploadRequest(req, reply, maxBytes)
          const error = uploadError(err, maxBytes)
          // A 503 from the scanner says what is wrong (the generic 5xx text would not).
          if (!(error instanceof ScannerUnavailable)) throw error
          return reply
            .code(503)
            .send({ error: { code: error.code, message: error.message, requestId: req.id } })
        }
      },
    )

    app.get(
      '/api/patients/:patientId/documents',
      {
        config: { audit: 'document.list', access: { session: 'full', roles: ['patient', 'clinician'] } },
        schema: { params: PatientIdParams, response: { 200: DocumentList, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const list = await documents.list(actor, req.params.patientId)
        req.auditPurpose = await ctx.access.purposeOf(actor, req.params.patientId)
        return { documents: list }
      },
    )

    app.get(
      '/api/documents/:documentId/content',
      {
        config: {
          audit: 'document.download',
          access: { session: 'full', roles: ['patient', 'clinician'] },
        },
        schema: { params: DocumentIdParams, response: errors },
      },
      async (req, reply) => {
        const actor = actorOf(req)
        const found = await documents.find(actor, req.params.documentId)
        req.auditPatients = [found.row.patient_id]
        req.auditEntities = [`DocumentReference/${found.row.id}`]
        req.auditPurpose = await ctx.access.purposeOf(actor, found.row.patient_id)
        return sendDocument(ctx, req, reply, found)
      },
    )

    app.post(
      '/api/documents/:documentId/review',
      {
        config: { audit: 'document.review', access: { session: 'full', roles: ['clinician'] } },
        schema: {
          params: DocumentIdParams,
          body: DocumentReviewBody,
          response: { 200: DocumentView, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req)
        const found = await documents.find(actor, req.params.documentId)
        req.auditPatients = [found.row.patient_id]
        req.auditEntities = [`DocumentReference/${found.row.id}`]
        req.auditPurpose = await ctx.access.purposeOf(actor, found.row.patient_id)
        return documents.review(actor, found, req.body)
      },
    )
  }
}
