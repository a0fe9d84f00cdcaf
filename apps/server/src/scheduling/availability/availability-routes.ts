// Clinicians who take appointments and their availability. A clinician manages their own;
// reception and admin anyone's; another clinician's id is "not found" (clinician-schedule.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AvailabilityExceptionBody,
  BookableClinicianList,
  ClinicianAvailability,
  ClinicianParams,
  ErrorBody,
  ExceptionParams,
  WeeklyAvailabilityBody,
} from '@tessera/contracts'
import { actorOf } from '../../access/route-access.ts'
import type { AppContext } from '../../context.ts'

export function availabilityRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const availability = ctx.availability.clinicians
  const errors = { '4xx': ErrorBody }
  const managers = { session: 'full', roles: ['clinician', 'reception', 'admin'] } as const

  return async (app) => {
    app.get(
      '/api/scheduling/clinicians',
      {
        // Staff names and time zones, as a booking page shows them: no patient data.
        config: { audit: false, access: { session: 'full' } },
        schema: { response: { 200: BookableClinicianList, ...errors } },
      },
      async () => ({ clinicians: await availability.clinicians() }),
    )

    app.get(
      '/api/scheduling/clinicians/:clinicianId/availability',
      {
        // A member of staff's working hours: no patient data; changes are audited below.
        config: { audit: false, access: managers },
        schema: { params: ClinicianParams, response: { 200: ClinicianAvailability, ...errors } },
      },
      async (req) => availability.view(actorOf(req), req.params.clinicianId),
    )

    app.put(
      '/api/scheduling/clinicians/:clinicianId/availability',
      {
        config: { audit: 'scheduling.availability-update', access: managers },
        schema: {
          params: ClinicianParams,
          body: WeeklyAvailabilityBody,
          response: { 200: ClinicianAvailability, ...errors },
        },
      },
      async (req) => {
        const change = await availability.replaceWeekly(actorOf(req), req.params.clinicianId, req.body)
        req.auditEntities = [`Schedule/${change.scheduleId}`]
        return change.availability
      },
    )

    app.post(
      '/api/scheduling/clinicians/:clinicianId/exceptions',
      {
        config: { audit: 'scheduling.exception-add', access: managers },
        schema: {
          params: ClinicianParams,
          body: AvailabilityExceptionBody,
          response: { 201: ClinicianAvailability, ...errors },
        },
      },
      async (req, reply) => {
        const change = await availability.addException(actorOf(req), req.params.clinicianId, req.body)
        req.auditEntities = [`Schedule/${change.scheduleId}`, `AvailabilityException/${change.exceptionId}`]
        return reply.code(201).send(change.availability)
      },
    )

    app.delete(
      '/api/scheduling/clinicians/:clinicianId/exceptions/:exceptionId',
      {
        config: { audit: 'scheduling.exception-remove', access: managers },
        schema: { params: ExceptionParams, response: { 200: ClinicianAvailability, ...errors } },
      },
      async (req) => {
        const { clinicianId, exceptionId } = req.params
        req.auditEntities = [`AvailabilityException/${exceptionId}`]
        const change = await availability.removeException(actorOf(req), clinicianId, exceptionId)
        req.auditEntities.unshift(`Schedule/${change.scheduleId}`)
        return change.availability
      },
    )
  }
}
