// P6 (session form): Tessera's full middleware on a trivial authenticated route — GET /api/session
// with a full session cookie (security headers, rate limit, CSRF check, cookie parsing, session
// lookup and touch, MFA level check, the route's queries, response schema serialisation, request
// log) — against a bare Fastify route (bench/servers/bare-fastify.mjs) answering the same JSON.
// The route declares `audit: false`, so no audit event is written. Goal (PERFORMANCE.md): >= 0.5x.
// The first form, p6-trivial-route.ts (GET /healthz against bare node:http), stays as it is.
import { fileURLToPath } from 'node:url'
import { runAb, type ServerUnderTest } from './lib/ab.ts'
import { benchDatabases, dbLabel, type BenchDb } from './lib/databases.ts'
import { launcherSide } from './lib/launcher.ts'
import { scriptSide } from './lib/servers.ts'

const PATH = '/api/session'

export async function p6SessionRoute(db: BenchDb): Promise<void> {
  const label = dbLabel(db)
  // Tessera first: the baseline must answer the very JSON Tessera answers for this session.
  const tessera = await launcherSide(`tessera GET ${PATH} (${label})`, { db, audit: 'on', tag: 'p6' }).start()
  let sample: string
  try {
    const res = await fetch(tessera.url + PATH, { headers: tessera.headers })
    sample = await res.text()
    if (res.status !== 200) throw new Error(`GET ${PATH} answered ${res.status}: ${sample}`)
  } catch (err) {
    await tessera.stop()
    throw err
  }
  const bare = scriptSide(
    'bare Fastify route, same JSON',
    fileURLToPath(new URL('./servers/bare-fastify.mjs', import.meta.url)),
    { BENCH_BODY: sample, BENCH_PATH: PATH },
  )
  const cookie = tessera.headers['cookie']!
  await runAb(
    `p6-session-route-${label}`,
    // The same Cookie header goes to both, so both parse requests of the same size.
    {
      name: bare.name,
      start: async (): Promise<ServerUnderTest> => ({ ...(await bare.start()), headers: { cookie } }),
    },
    { name: `tessera GET ${PATH} (${label})`, start: async () => tessera },
    {
      path: PATH,
      connections: Number(process.env['BENCH_CONNECTIONS'] ?? 32),
      durationSeconds: Number(process.env['BENCH_SECONDS'] ?? 5),
    },
    {
      goal: '>= 0.5x (P6)',
      notes: [
        `${sample.length}-byte JSON body; Tessera runs 7 queries per request (session, account, settings, 4 factor counts)`,
        db.kind === 'postgres'
          ? 'app+db CPU counts every local postgres process'
          : 'embedded PGlite: smoke variant, not for performance claims (PERFORMANCE.md)',
      ],
    },
  )
}

export async function p6SessionAll(): Promise<void> {
  for (const db of await benchDatabases()) await p6SessionRoute(db)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p6SessionAll()
