// The availability and slot routes as one plugin for app.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../../context.ts'
import { slotRoutes } from '../slots/slot-routes.ts'
import { appointmentTypeRoutes } from './appointment-type-routes.ts'
import { availabilityRoutes } from './availability-routes.ts'

export function schedulingAvailabilityRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(appointmentTypeRoutes(ctx))
    await app.register(availabilityRoutes(ctx))
    await app.register(slotRoutes(ctx))
  }
}
