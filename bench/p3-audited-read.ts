// P3: an audited FHIR read by id. A signed-in clinician (full session cookie) on the patient's care
// team calls GET /fhir/R4/Observation/:id (session, CSRF and route hooks, type permission, the store's
// access-policy SQL, content::text sent as stored); the response leaves only once its audit event
// is durable (route-audit.ts onSend, group commit in audit-writer.ts). Baseline A: the same server code with ctx.audit replaced by a
// writer that resolves at once (bench/servers/tessera-launcher.ts, BENCH_AUDIT=off). Goals
// (PERFORMANCE.md): >= 0.8x req/s, and p99_B <= 1.5 x p99_A + 2 ms.
// Figures to quote come from the PostgreSQL server; the embedded variant is a smoke run.
import { fileURLToPath } from 'node:url'
import { median, runAb, type RunFigures, type ServerUnderTest, type Side } from './lib/ab.ts'
import { benchDatabases, dbLabel, type BenchDb } from './lib/databases.ts'
import { launcherSide, type LauncherSide } from './lib/launcher.ts'

const connections = (): number => Number(process.env['BENCH_CONNECTIONS'] ?? 32)
const seconds = (): number => Number(process.env['BENCH_SECONDS'] ?? 5)

/** Starts the server and checks the read answers 200 with the Observation before it is loaded. */
function checked(side: LauncherSide): Side {
  return {
    name: side.name,
    async start(): Promise<ServerUnderTest> {
      const server = await side.start()
      const path = `/fhir/R4/Observation/${server.fixture.observations[0]!.id}`
      const res = await fetch(server.url + path, { headers: server.headers })
      const text = await res.text()
      if (
        res.status !== 200 ||
        (JSON.parse(text) as { resourceType?: string }).resourceType !== 'Observation'
      ) {
        await server.stop()
        throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`)
      }
      // Each server has its own Observation id: load the same route through a per-server path prefix.
      return { ...server, url: server.url + path }
    },
  }
}

export function p99Check(aRuns: RunFigures[], bRuns: RunFigures[]): Record<string, boolean> {
  const pA = median(aRuns.map((r) => r.p99Ms))
  const pB = median(bRuns.map((r) => r.p99Ms))
  return {
    [`p99_B ${pB} ms <= 1.5 x p99_A ${pA} ms + 2 ms = ${(1.5 * pA + 2).toFixed(1)} ms`]: pB <= 1.5 * pA + 2,
  }
}

export async function p3AuditedRead(db: BenchDb): Promise<void> {
  const label = dbLabel(db)
  await runAb(
    `p3-audited-read-${label}`,
    checked(launcherSide(`audit off (${label})`, { db, audit: 'off', tag: 'p3a' })),
    checked(launcherSide(`audited read (${label})`, { db, audit: 'on', tag: 'p3b' })),
    { path: '', connections: connections(), durationSeconds: seconds() },
    {
      goal: '>= 0.8x (P3)',
      checks: (aRuns, bRuns) => ({
        'req/s ratio >= 0.8x': median(bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)) >= 0.8,
        ...p99Check(aRuns, bRuns),
      }),
      notes: [
        'GET /fhir/R4/Observation/:id, one Observation, clinician on the care team, full session cookie',
        db.kind === 'postgres'
          ? 'app+db CPU counts every local postgres process (server figures to quote)'
          : 'embedded PGlite: smoke variant, not for performance claims (PERFORMANCE.md)',
      ],
    },
  )
}

export async function p3All(): Promise<void> {
  for (const db of await benchDatabases()) await p3AuditedRead(db)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p3All()
