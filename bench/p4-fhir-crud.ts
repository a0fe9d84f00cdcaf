// P4: a FHIR CRUD mix on the PostgreSQL server — per 20 requests 4 creates of an Observation, 10 reads
// by id, 3 updates with If-Match, 3 searches `Observation?patient=...&date=ge...` (lib/crud-mix.ts) —
// by a signed-in clinician on the care team of every fixture patient, through Tessera's full stack
// (B), against a bare node:http server running the same SQL statements through a plain `pg` Pool of
// the same size (A, servers/raw-pg-fhir.ts). Before the A/B pairs, lib/crud-statements.ts checks
// that the baseline's statements ARE Tessera's (captured from both), operation by operation.
// Same load generator, connections, fixture and mix for both. Goal (PERFORMANCE.md): >= 0.5x.
// PostgreSQL server only: the baseline is raw `pg`, which embedded PGlite has no counterpart of.
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../apps/server/src/platform/config.ts'
import { median, runAb, type ServerUnderTest, type Side } from './lib/ab.ts'
import { fullSessionCookie, openBenchContext } from './lib/bench-context.ts'
import { CRUD_MIX, crudMix, fhirHeaders, type CrudMix } from './lib/crud-mix.ts'
import { compareCrudStatements, type StatementReport } from './lib/crud-statements.ts'
import { benchDatabases, benchSchema, dropSchema, type BenchDb } from './lib/databases.ts'
import { createFixture, type BenchFixture, type FixtureSize } from './lib/fixture.ts'
import { launcherSide } from './lib/launcher.ts'
import { postgresCpuSeconds } from './lib/proc-cpu.ts'
import { scriptSide } from './lib/servers.ts'

const RAW_SERVER = fileURLToPath(new URL('./servers/raw-pg-fhir.ts', import.meta.url))

function fixtureSize(): FixtureSize {
  return {
    patients: Number(process.env['BENCH_P4_PATIENTS'] ?? 20),
    observationsPerPatient: Number(process.env['BENCH_P4_OBSERVATIONS'] ?? 30),
  }
}

/** Tessera's pool size as `tessera start` would configure it from this environment. */
function poolSize(): number {
  return loadConfig({ env: process.env, configFile: '/nonexistent/tessera.config.json' }).databasePoolSize
}

/** One read through the server before it is loaded: the session and the fixture work. */
async function checkServes(server: ServerUnderTest, cookie: string, fixture: BenchFixture): Promise<void> {
  const res = await fetch(`${server.url}/fhir/R4/Observation/${fixture.observations[0]!.id}`, {
    headers: fhirHeaders({ url: server.url, cookie }, false),
  })
  const text = await res.text()
  if (res.status !== 200) {
    await server.stop()
    throw new Error(`${server.url}: GET Observation answered ${res.status}: ${text.slice(0, 300)}`)
  }
}

interface MixSide extends Side {
  mix(): CrudMix | undefined
}

/** A: the raw server on a schema of its own, with the same fixture written through the app's code. */
function rawSide(url: string, size: FixtureSize): MixSide {
  let mix: CrudMix | undefined
  return {
    name: 'raw pg + node:http, same statements',
    mix: () => mix,
    async start(): Promise<ServerUnderTest> {
      const schema = benchSchema('p4a')
      try {
        const bench = await openBenchContext(url, schema)
        let fixture: BenchFixture
        let cookie: string
        try {
          fixture = await createFixture(bench.ctx, size)
          cookie = await fullSessionCookie(bench.ctx, fixture.clinician.id)
        } finally {
          await bench.close()
        }
        const server = await scriptSide('raw', RAW_SERVER, {
          DATABASE_URL: url,
          BENCH_SCHEMA: schema,
          BENCH_POOL_SIZE: String(poolSize()),
        }).start()
        const stop = async (): Promise<void> => {
          await server.stop()
          await dropSchema(url, schema)
        }
        await checkServes({ ...server, stop }, cookie, fixture)
        mix = crudMix({ url: server.url, cookie, fixture })
        return {
          ...server,
          headers: { cookie },
          dbCpuSeconds: postgresCpuSeconds,
          requests: mix.requests,
          stop,
        }
      } catch (err) {
        await dropSchema(url, schema)
        throw err
      }
    },
  }
}

/** B: Tessera (tessera-launcher.ts: createContext + buildApp, audit on), the same fixture size. */
function tesseraSide(db: BenchDb, size: FixtureSize): MixSide {
  let mix: CrudMix | undefined
  const side = launcherSide('tessera FHIR (pg)', { db, audit: 'on', tag: 'p4b', fixture: size })
  return {
    name: side.name,
    mix: () => mix,
    async start(): Promise<ServerUnderTest> {
      const server = await side.start()
      const cookie = server.headers['cookie']!
      await checkServes(server, cookie, server.fixture)
      mix = crudMix({ url: server.url, cookie, fixture: server.fixture })
      return { ...server, requests: mix.requests }
    },
  }
}

function unexpectedCount(mix: CrudMix | undefined): string {
  if (!mix) return 'not started'
  const u = mix.unexpected
  const total = u.create + u.read + u.update + u.search
  return total === 0
    ? '0'
    : `${total} (create ${u.create}, read ${u.read}, update ${u.update}, search ${u.search})`
}

export async function p4FhirCrud(url: string): Promise<void> {
  const size = fixtureSize()
  const started = performance.now()
  const statements: StatementReport = await compareCrudStatements(url)
  const checkSeconds = (performance.now() - started) / 1000
  console.log(
    `\np4 statement check (${checkSeconds.toFixed(1)} s): ${statements.ok ? "the baseline runs Tessera's statements" : 'MISMATCH'}`,
  )
  for (const line of statements.lines) console.log(`  ${line}`)
  const raw = rawSide(url, size)
  const tessera = tesseraSide({ kind: 'postgres', url }, size)
  const c = statements.counts
  const mixText = (['create', 'read', 'update', 'search'] as const)
    .map((op) => `${op} ${(100 * CRUD_MIX.filter((o) => o === op).length) / CRUD_MIX.length}%`)
    .join(', ')
  await runAb(
    'p4-fhir-crud-pg',
    raw,
    tessera,
    {
      path: '',
      connections: Number(process.env['BENCH_CONNECTIONS'] ?? 32),
      durationSeconds: Number(process.env['BENCH_SECONDS'] ?? 5),
    },
    {
      goal: '>= 0.5x (P4)',
      checks: (aRuns, bRuns) => ({
        'req/s ratio >= 0.5x': median(bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)) >= 0.5,
        [`the baseline ran Tessera's statements (per request: create ${c.create}, read ${c.read}, update ${c.update}, search ${c.search}, session touch aside)`]:
          statements.ok,
        [`no unexpected status (A: ${unexpectedCount(raw.mix())}; B: ${unexpectedCount(tessera.mix())})`]:
          unexpectedCount(raw.mix()) === '0' && unexpectedCount(tessera.mix()) === '0',
      }),
      notes: [
        `mix ${mixText}; ${size.patients} patients x ${size.observationsPerPatient} Observations to start with; both pools ${poolSize()} connections`,
        'A: node:http + pg Pool; session lookup, access-policy SQL, resource/history/index writes, group-committed audit insert',
        'B: full stack (security headers, CSRF, session, FHIR validation, search parsing, sealed paging links, request log) and the audit sealer, as tessera start runs',
        'searches go to half the patients, creates to the other half (search cost does not drift with the side that creates more)',
        'app+db CPU counts every local postgres process',
      ],
    },
  )
}

export async function p4All(): Promise<void> {
  for (const db of await benchDatabases()) {
    if (db.kind === 'postgres') await p4FhirCrud(db.url)
    else
      console.log(
        '\np4-fhir-crud: skipped on embedded PGlite (the baseline is raw `pg` on the PostgreSQL server)',
      )
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p4All()
