// Appointments: book, list, read, reschedule, cancel, the calendar file, and the clinic's booking
// policy. Thin: BookingService decides, AppointmentViews shows; the access policy inside both makes
// another patient's appointment "not found" (S2).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AppointmentList,
  AppointmentParams,
  AppointmentQuery,
  AppointmentView,
  BookingBody,
  BookingPolicy,
  CalendarFile,
  ErrorBody,
  RescheduleBody,
} from '@tessera/contracts'
import type { FastifyRequest } from 'fastify'
import { actorOf } from '../../access/route-access.ts'
import type { AppContext } from '../../context.ts'
import { appointmentCalendar } from './appointment-ics.ts'

export function bookingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { service, views, policy } = ctx.booking
  const errors = { '4xx': ErrorBody }
  const people = { session: 'full', roles: ['patient', 'clinician', 'reception'] } as const
  const admin = { session: 'full', roles: ['admin'] } as const

  /** The audit event names the appointment and its patient, with why the actor could see it. */
  const audited = async (req: FastifyRequest, view: AppointmentView) => {
    req.auditEntities = [`Appointment/${view.id}`]
    req.auditPatients = [view.patientId]
    req.auditPurpose = await ctx.access.purposeOf(actorOf(req), view.patientId)
  }

  return async (app) => {
    app.post(
      '/api/appointments',
      {
        config: { audit: 'appointment.book', access: people },
        schema: { body: BookingBody, response: { 201: AppointmentView, ...errors } },
      },
      async (req, reply) => {
        const actor = actorOf(req)
        const id = await service.book(actor, req.body)
        const view = await views.one(actor, id)
        await audited(req, view)
        return reply.code(201).send(view)
      },
    )

    app.get(
      '/api/appointments',
      {
        config: { audit: 'appointment.list', access: people },
        schema: { querystring: AppointmentQuery, response: { 200: AppointmentList, ...errors } },
      },
      async (req) => {
        const appointments = await views.list(actorOf(req), req.query)
        req.auditPatients = [...new Set(appointments.map((a) => a.patientId))]
        return { appointments }
      },
    )

    app.get(
      '/api/appointments/:appointmentId',
      {
        config: { audit: 'appointment.read', access: people },
        schema: { params: AppointmentParams, response: { 200: AppointmentView, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const view = await views.one(actor, req.params.appointmentId, actor.role !== 'patient')
        await audited(req, view)
        return view
      },
    )

    app.post(
      '/api/appointments/:appointmentId/reschedule',
      {
        config: { audit: 'appointment.reschedule', access: people },
        schema: {
          params: AppointmentParams,
          body: RescheduleBody,
          response: { 200: AppointmentView, ...errors },
        },
      },
      async (req) => {
        const actor = actorOf(req)
        await service.reschedule(actor, req.params.appointmentId, req.body)
        const view = await views.one(actor, req.params.appointmentId)
        await audited(req, view)
        return view
      },
    )

    app.post(
      '/api/appointments/:appointmentId/cancel',
      {
        config: { audit: 'appointment.cancel', access: people },
        schema: { params: AppointmentParams, response: { 200: AppointmentView, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        await service.cancel(actor, req.params.appointmentId)
        const view = await views.one(actor, req.params.appointmentId)
        await audited(req, view)
        return view
      },
    )

    app.get(
      '/api/appointments/:appointmentId/calendar.ics',
      {
        config: { audit: 'appointment.calendar', access: people },
        schema: { params: AppointmentParams, response: { 200: CalendarFile, ...errors } },
      },
      async (req, reply) => {
        const actor = actorOf(req)
        const row = await service.visible(actor, req.params.appointmentId)
        const view = await views.one(actor, row.id)
        await audited(req, view)
        const ics = appointmentCalendar({
          id: row.id,
          start: row.starts_at,
          end: row.ends_at,
          cancelled: row.status === 'cancelled',
          link: `${ctx.identity.publicUrl()}/sign-in`,
          stamp: ctx.clock.now(),
          sequence: row.version - 1,
        })
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="appointment.ics"')
          .send(ics)
      },
    )

    app.get(
      '/api/admin/booking-policy',
      {
        // Clinic settings, no patient data: nothing to audit on reading them.
        config: { audit: false, access: admin },
        schema: { response: { 200: BookingPolicy, ...errors } },
      },
      async () => policy.get(),
    )

    app.put(
      '/api/admin/booking-policy',
      {
        config: { audit: 'settings.booking-policy', access: admin },
        schema: { body: BookingPolicy, response: { 200: BookingPolicy, ...errors } },
      },
      async (req) => policy.update(req.body),
    )
  }
}
