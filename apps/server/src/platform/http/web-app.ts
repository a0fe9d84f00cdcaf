// Serves the built web app (apps/web/dist): hashed assets cached for a year, index.html for every
// other page path (client-side routing), never for API paths.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../web/dist', import.meta.url))
const API_PREFIXES = [
  '/api/',
  '/fhir/',
  '/oauth/',
  '/.well-known/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/assets/',
]

export function isPagePath(req: FastifyRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const path = req.url.split('?')[0] ?? '/'
  if (API_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p))) return false
  return (req.headers.accept ?? '').includes('text/html')
}

export interface WebApp {
  available: boolean
  sendPage(reply: FastifyReply): FastifyReply
}

export async function installWebApp(app: FastifyInstance, webDir: string): Promise<WebApp> {
  const available = existsSync(`${webDir}/index.html`)
  // Read once: the page shell is small and the same for every page path.
  const indexHtml = available ? readFileSync(`${webDir}/index.html`) : undefined
  if (available) {
    await app.register(async (scope) => {
      // The app's files are public; this rule applies to the routes registered in this scope only.
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), access: { public: true } }
      })
      await scope.register(fastifyStatic, {
        root: webDir,
        index: false,
        wildcard: false,
        decorateReply: false,
        serveDotFiles: false,
        // The app's files are small and fetched whole; a Range header is ignored (a 200 with the
        // file) rather than answered 416 (route fuzzing sent "bytes=a-b" and "bytes=999999999-").
        acceptRanges: false,
        setHeaders: (res, path) => {
          const immutable = path.includes('/assets/')
          res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-store')
        },
      })
    })
  }
  return {
    available,
    sendPage: (reply) =>
      available
        ? reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(indexHtml)
        : reply
            .code(503)
            .type('text/html; charset=utf-8')
            .send(
              '<!doctype html><html lang="en"><title>Tessera</title><h1>Tessera</h1>' +
                '<p>The web app has not been built yet. Run <code>npm run build:web</code> and reload.</p></html>',
            ),
  }
}
