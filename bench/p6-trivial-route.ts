// P6 (first form, issue 2): a trivial Tessera route through the whole HTTP stack (security headers,
// rate limiting, CSRF check, error mapping, request logging) against a bare node:http server.
// The identity issue extends it with session and MFA checks on the same route.
import { fileURLToPath } from 'node:url'
import { runAb } from './lib/ab.ts'
import { scriptSide, tesseraSide } from './lib/servers.ts'

export async function p6TrivialRoute(): Promise<void> {
  await runAb(
    'p6-trivial-route',
    scriptSide('bare node:http', fileURLToPath(new URL('./servers/bare-http.mjs', import.meta.url))),
    tesseraSide('tessera GET /healthz'),
    { path: '/healthz', connections: 32, durationSeconds: Number(process.env['BENCH_SECONDS'] ?? 5) },
    { goal: '>= 0.5x (P6)' },
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p6TrivialRoute()
