// Everything SMART on FHIR registers (README.md here), as one plugin for app.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../context.ts'
import { oauthRoutes } from './oauth-routes.ts'
import { smartApiRoutes } from './smart-api-routes.ts'

export function smartRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(oauthRoutes(ctx))
    await app.register(smartApiRoutes(ctx))
  }
}
