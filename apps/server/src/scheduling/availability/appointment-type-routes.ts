// Appointment types: everyone signed in reads them (patients only the active ones); admins
// create and change them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AppointmentTypeBody,
  AppointmentTypeList,
  AppointmentTypeParams,
  AppointmentTypeView,
  ErrorBody,
} from '@tessera/contracts'
import { actorOf } from '../../access/route-access.ts'
import type { AppContext } from '../../context.ts'

export function appointmentTypeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const types = ctx.availability.types
  const errors = { '4xx': ErrorBody }
  const admin = { session: 'full', roles: ['admin'] } as const

  return async (app) => {
    app.get(
      '/api/scheduling/types',
      {
        // The clinic's catalogue of appointment kinds: no patient data, no security state.
        config: { audit: false, access: { session: 'full' } },
        schema: { response: { 200: AppointmentTypeList, ...errors } },
      },
      async (req) => ({ types: await types.list(actorOf(req).role === 'patient') }),
    )

    app.post(
      '/api/admin/appointment-types',
      {
        config: { audit: 'scheduling.type-create', access: admin },
        schema: { body: AppointmentTypeBody, response: { 201: AppointmentTypeView, ...errors } },
      },
      async (req, reply) => {
        const created = await types.create(req.body)
        req.auditEntities = [`AppointmentType/${created.id}`]
        return reply.code(201).send(created)
      },
    )

    app.put(
      '/api/admin/appointment-types/:typeId',
      {
        config: { audit: 'scheduling.type-update', access: admin },
        schema: {
          params: AppointmentTypeParams,
          body: AppointmentTypeBody,
          response: { 200: AppointmentTypeView, ...errors },
        },
      },
      async (req) => {
        req.auditEntities = [`AppointmentType/${req.params.typeId}`]
        return types.update(req.params.typeId, req.body)
      },
    )
  }
}
