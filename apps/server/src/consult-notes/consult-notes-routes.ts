// The notes panel's routes and the end of a consultation. Thin: the service decides; the
// appointment's clinician only (anyone else, the patient included: 404 "No such consultation.").
// Signing and amending are attestations in the record: a second factor from the last 5 minutes (S17).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  ConsultEncounterView,
  ConsultNoteView,
  ConsultParams,
  ErrorBody,
  NoteAmendBody,
  NoteSaveBody,
  NoteSignBody,
} from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import type { RoomAppointment } from '../consult/room-service.ts'
import { encounterIdFor, noteIdFor } from './note-resources.ts'

export function consultNotesRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const notes = ctx.consultNotes
  const errors = { '4xx': ErrorBody }
  // Patients may call these routes so that they get the consultation's 404, not a 403 that would
  // tell them the route exists for someone else (the service admits only the host).
  const callers = { session: 'full', roles: ['patient', 'clinician'] } as const
  const attest = { ...callers, stepUp: true } as const

  const host = async (req: FastifyRequest, appointmentId: string) => {
    const a = await notes.hostAppointment(actorOf(req), appointmentId)
    audited(req, a)
    return a
  }

  return async (app) => {
    app.get(
      '/api/consult/:appointmentId/note',
      {
        config: { audit: 'consult.note-read', access: callers },
        schema: { params: ConsultParams, response: { 200: ConsultNoteView, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        return notes.read(await host(req, req.params.appointmentId))
      },
    )

    app.put(
      '/api/consult/:appointmentId/note',
      {
        config: { audit: 'consult.note-save', access: callers },
        schema: { params: ConsultParams, body: NoteSaveBody, response: { 200: ConsultNoteView, ...errors } },
      },
      async (req) => notes.save(await host(req, req.params.appointmentId), req.body),
    )

    app.post(
      '/api/consult/:appointmentId/note/sign',
      {
        config: { audit: 'consult.note-sign', access: attest },
        schema: { params: ConsultParams, body: NoteSignBody, response: { 200: ConsultNoteView, ...errors } },
      },
      async (req) => notes.sign(await host(req, req.params.appointmentId), req.body),
    )

    app.post(
      '/api/consult/:appointmentId/note/amendments',
      {
        config: { audit: 'consult.note-amend', access: attest },
        schema: { params: ConsultParams, body: NoteAmendBody, response: { 201: ConsultNoteView, ...errors } },
      },
      async (req, reply) =>
        reply.code(201).send(await notes.amend(await host(req, req.params.appointmentId), req.body)),
    )

    app.post(
      '/api/consult/:appointmentId/end',
      {
        config: { audit: 'consult.end', access: callers },
        schema: { params: ConsultParams, response: { 200: ConsultEncounterView, ...errors } },
      },
      async (req) => notes.end(await host(req, req.params.appointmentId)),
    )
  }
}

function audited(req: FastifyRequest, a: RoomAppointment): void {
  req.auditEntities = [
    `Appointment/${a.id}`,
    `Encounter/${encounterIdFor(a.id)}`,
    `Composition/${noteIdFor(a.id)}`,
  ]
  req.auditPatients = [a.patientId]
  req.auditPurpose = 'care-team'
}
