import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateFirstAdminBody, CreatedAccount, ErrorBody } from '@tessera/contracts'
import type { AppContext } from '../context.ts'

export function setupRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/setup/admin',
      {
        // Each attempt costs an argon2 hash; a setup link is not something to guess at speed.
        config: {
          audit: 'admin.create',
          rateLimit: { max: 10, timeWindow: '1 minute' },
          access: { public: true },
        },
        schema: { body: CreateFirstAdminBody, response: { 201: CreatedAccount, '4xx': ErrorBody } },
      },
      async (req, reply) => reply.code(201).send(await ctx.setup.createAdmin(req.body)),
    )
  }
}
