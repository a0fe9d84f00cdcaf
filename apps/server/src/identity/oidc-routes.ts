// Stub: filled in by the identity work (see the plan in identity/README.md).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppContext } from '../context.ts'

export function oidcRoutes(_ctx: AppContext): FastifyPluginAsyncTypebox {
  return async () => {}
}
