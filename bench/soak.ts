// Soak (issue 13): a bounded loopback load of concurrent patients and clinicians on the demo clinic
// (`tessera seed-demo`, then `tessera start` through servers/soak-server.mjs) for SOAK_SECONDS
// (default 180). Each virtual user is a closed loop with a short think time, on one demo person's
// full session, picking realistic steps at random (bench/lib/soak-steps.ts). Reported: every answer
// that is not what the step expects (a 409 for a slot another user just took is expected), the
// server's RSS (/proc, every 2 s) and live heap after a full GC (IPC, every 5 s), and p50/p95/p99
// per route. Memory is "flat" when, after the warm-up, the median live heap of the last third of
// the samples is at most SOAK_HEAP_GROWTH_PCT (default 10) % above that of the first third; see
// bench/README.md for why 10 %. `npm run soak`; SOAK_DB=postgres runs on SOAK_DATABASE_URL.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LiveClinic } from '../apps/server/src/testing/live-clinic.ts'
import { SoakSteps, type StepResult } from './lib/soak-steps.ts'

export interface SoakOptions {
  seconds: number
  patientUsers: number
  clinicianUsers: number
  thinkMs: number
  warmupSeconds: number
  heapGrowthPct: number
  databaseUrl?: string | undefined
  log?: (line: string) => void
}

export interface RouteFigures {
  route: string
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

export interface MemorySample {
  t: number
  rssMb: number
  heapMb?: number
}

export interface SoakResult {
  seconds: number
  requests: number
  errors: number
  errorsByRoute: Record<string, number>
  expected: Record<string, number>
  routes: RouteFigures[]
  rss: MemorySample[]
  heap: MemorySample[]
  heapFirstThirdMb: number
  heapLastThirdMb: number
  heapGrowthPct: number
  rssStartMb: number
  rssEndMb: number
  rssMaxMb: number
  flat: boolean
}

const LAUNCHER = fileURLToPath(new URL('./servers/soak-server.mjs', import.meta.url))

export function soakOptionsFromEnv(env = process.env): SoakOptions {
  const n = (key: string, fallback: number) => Number(env[key] ?? fallback)
  return {
    seconds: n('SOAK_SECONDS', 180),
    patientUsers: n('SOAK_PATIENT_USERS', 9),
    clinicianUsers: n('SOAK_CLINICIAN_USERS', 3),
    thinkMs: n('SOAK_THINK_MS', 25),
    warmupSeconds: n('SOAK_WARMUP_SECONDS', 30),
    heapGrowthPct: n('SOAK_HEAP_GROWTH_PCT', 10),
    databaseUrl:
      env['SOAK_DB'] === 'postgres'
        ? (env['SOAK_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test')
        : undefined,
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!
}
const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN
const round1 = (x: number): number => Math.round(x * 10) / 10

function rssMbOf(pid: number): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)
  return m ? Number(m[1]) / 1024 : NaN
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? ((line: string) => console.log(line))
  const clinic = await LiveClinic.seed({
    databaseUrl: o.databaseUrl,
    launcher: ['--expose-gc', LAUNCHER],
    env: { LOG_LEVEL: 'warn' },
  })
  try {
    await clinic.start()
    const pid = clinic.pid!
    const t0 = Date.now()
    const heap: MemorySample[] = []
    clinic.server!.child.on('message', (m: { memory?: NodeJS.MemoryUsage; at?: number }) => {
      if (m.memory && m.at)
        heap.push({
          t: (m.at - t0) / 1000,
          rssMb: m.memory.rss / 2 ** 20,
          heapMb: m.memory.heapUsed / 2 ** 20,
        })
    })
    const steps = await SoakSteps.prepare(clinic)
    log(
      `soak: ${o.patientUsers} patient and ${o.clinicianUsers} clinician users for ${o.seconds} s on ${o.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}`,
    )

    const rss: MemorySample[] = []
    const sampler = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, rssMb: rssMbOf(pid) }), 2_000)
    const latencies = new Map<string, number[]>()
    const errorsByRoute: Record<string, number> = {}
    const expected: Record<string, number> = {}
    const record = (r: StepResult) => {
      const list = latencies.get(r.route) ?? []
      list.push(r.ms)
      latencies.set(r.route, list)
      if (r.outcome === 'error')
        errorsByRoute[`${r.route} ${r.status}`] = (errorsByRoute[`${r.route} ${r.status}`] ?? 0) + 1
      if (r.outcome === 'expected')
        expected[`${r.route} ${r.status}`] = (expected[`${r.route} ${r.status}`] ?? 0) + 1
    }
    const end = Date.now() + o.seconds * 1000
    const loop = async (kind: 'patient' | 'clinician', index: number) => {
      while (Date.now() < end) {
        for (const r of await steps.step(kind, index)) record(r)
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * o.thinkMs))
      }
    }
    const progress = setInterval(() => {
      const done = [...latencies.values()].reduce((n, l) => n + l.length, 0)
      log(`  ${Math.round((Date.now() - t0) / 1000)} s: ${done} requests, RSS ${round1(rssMbOf(pid))} MB`)
    }, 30_000)
    await Promise.all([
      ...Array.from({ length: o.patientUsers }, (_, i) => loop('patient', i)),
      ...Array.from({ length: o.clinicianUsers }, (_, i) => loop('clinician', i)),
    ])
    clearInterval(sampler)
    clearInterval(progress)

    const routes = [...latencies.entries()]
      .map(([route, l]) => {
        const s = [...l].sort((a, b) => a - b)
        return {
          route,
          count: s.length,
          p50: round1(quantile(s, 0.5)),
          p95: round1(quantile(s, 0.95)),
          p99: round1(quantile(s, 0.99)),
          max: round1(s[s.length - 1] ?? NaN),
        }
      })
      .sort((a, b) => a.route.localeCompare(b.route))
    const steady = heap.filter((h) => h.t >= o.warmupSeconds)
    const third = Math.max(1, Math.floor(steady.length / 3))
    const first = median(steady.slice(0, third).map((h) => h.heapMb!))
    const last = median(steady.slice(-third).map((h) => h.heapMb!))
    const growth = ((last - first) / first) * 100
    const steadyRss = rss.filter((h) => h.t >= o.warmupSeconds)
    const result: SoakResult = {
      seconds: o.seconds,
      requests: routes.reduce((n, r) => n + r.count, 0),
      errors: Object.values(errorsByRoute).reduce((a, b) => a + b, 0),
      errorsByRoute,
      expected,
      routes,
      rss,
      heap,
      heapFirstThirdMb: round1(first),
      heapLastThirdMb: round1(last),
      heapGrowthPct: round1(growth),
      rssStartMb: round1(steadyRss[0]?.rssMb ?? NaN),
      rssEndMb: round1(steadyRss[steadyRss.length - 1]?.rssMb ?? NaN),
      rssMaxMb: round1(Math.max(...rss.map((r) => r.rssMb))),
      flat: growth <= o.heapGrowthPct,
    }
    return result
  } finally {
    await clinic.dispose()
  }
}

export function formatSoak(r: SoakResult, o: SoakOptions): string {
  const lines = [
    `soak: ${r.requests} requests in ${r.seconds} s (${round1(r.requests / r.seconds)} req/s), ${r.errors} errors${r.errors ? ` ${JSON.stringify(r.errorsByRoute)}` : ''}`,
    `  expected refusals: ${JSON.stringify(r.expected)}`,
    `  ${'route'.padEnd(26)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
    ...r.routes.map(
      (x) =>
        `  ${x.route.padEnd(26)} ${String(x.count).padStart(6)} ${String(x.p50).padStart(8)} ${String(x.p95).padStart(8)} ${String(x.p99).padStart(8)} ${String(x.max).padStart(8)}`,
    ),
    `  live heap after GC (after ${o.warmupSeconds} s warm-up): first third ${r.heapFirstThirdMb} MB, last third ${r.heapLastThirdMb} MB (${r.heapGrowthPct >= 0 ? '+' : ''}${r.heapGrowthPct} %, limit +${o.heapGrowthPct} %): ${r.flat ? 'flat' : 'GROWING'}`,
    `  RSS: ${r.rssStartMb} MB after warm-up, ${r.rssEndMb} MB at the end, ${r.rssMaxMb} MB max`,
  ]
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = soakOptionsFromEnv()
  const result = await runSoak(options)
  console.log(formatSoak(result, options))
  const dir = process.env['BENCH_RESULTS_DIR'] ?? fileURLToPath(new URL('./results', import.meta.url))
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, `soak-${options.databaseUrl ? 'pg' : 'embedded'}.json`),
    JSON.stringify(result, null, 2),
  )
  process.exitCode = result.errors === 0 && result.flat ? 0 : 1
}
