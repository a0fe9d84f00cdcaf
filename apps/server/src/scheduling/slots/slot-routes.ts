// Free slots for everyone signed in: instants in UTC; the client shows them in the viewer's own
// time zone and names it (contracts/scheduling.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, FreeSlotList, SlotQuery } from '@tessera/contracts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../platform/errors.ts'

const DAY = 86_400_000
/** The widest window one request may ask for (a two-month calendar). */
export const MAX_SLOT_WINDOW_DAYS = 62

export function slotRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/scheduling/slots',
      {
        // Free times of the clinic's clinicians: no patient data (who booked what is never shown).
        config: { audit: false, access: { session: 'full' } },
        schema: { querystring: SlotQuery, response: { 200: FreeSlotList, '4xx': ErrorBody } },
      },
      async (req) => {
        const q = req.query
        const from = q.from ? new Date(q.from) : ctx.clock.now()
        const to = q.to ? new Date(q.to) : new Date(from.getTime() + MAX_SLOT_WINDOW_DAYS * DAY)
        if (to <= from) {
          throw new AppError('invalid', 'The end of the window must be after its start.', [
            { path: 'querystring/to', message: 'must be after from' },
          ])
        }
        if (to.getTime() - from.getTime() > MAX_SLOT_WINDOW_DAYS * DAY) {
          throw new AppError('invalid', `Ask for at most ${MAX_SLOT_WINDOW_DAYS} days at a time.`, [
            { path: 'querystring/to', message: `at most ${MAX_SLOT_WINDOW_DAYS} days after from` },
          ])
        }
        const slots = await ctx.slots.find({
          typeId: q.typeId,
          clinicianId: q.clinicianId,
          from,
          to,
          limit: q.limit,
        })
        return { slots }
      },
    )
  }
}
