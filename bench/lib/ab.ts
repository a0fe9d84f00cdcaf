// A/B benchmark harness (PERFORMANCE.md): the baseline (A) and the subject (B) run alternately in
// the same job, at least 5 pairs; we print the median ratio B/A of req/s and of req per server
// CPU-second, and write JSON. Absolute numbers drift on shared machines; ratios do not.
import { mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { cpuSecondsOf } from './proc-cpu.ts'

export { cpuSecondsOf } from './proc-cpu.ts'

export interface ServerUnderTest {
  url: string
  pid: number
  /** Headers this server's requests carry on top of the spec's (its own session cookie). */
  headers?: Record<string, string>
  /** CPU seconds of the database server so far, when it is a separate process (PostgreSQL). */
  dbCpuSeconds?: () => number
  /**
   * A request mix of this server's own (its fixture's ids, state carried from run to run), made
   * afresh for each autocannon run; replaces the spec's single request (P4).
   */
  requests?: () => autocannon.Request[]
  stop(): Promise<void>
}

export interface Side {
  name: string
  start(): Promise<ServerUnderTest>
}

export interface LoadSpec {
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  connections: number
  durationSeconds: number
}

export interface RunFigures {
  /** Requests (or, in-process, work units) per wall-clock second. */
  reqPerSec: number
  /** NaN where latency is not measured (in-process benchmarks). */
  p99Ms: number
  cpuSeconds: number
  reqPerCpuSecond: number
  /** Database server CPU over the run, and requests per (server + database) CPU-second. */
  dbCpuSeconds?: number
  reqPerTotalCpuSecond?: number
  errors: number
  non2xx: number
}

export interface AbResult {
  benchmark: string
  a: string
  b: string
  pairs: number
  medianRatio: number
  medianCpuRatio: number
  medianTotalCpuRatio?: number
  aRuns: RunFigures[]
  bRuns: RunFigures[]
  goal?: string
  /** What one unit of work is: `req` (default) or, for in-process benchmarks, e.g. `events`. */
  unit?: string
  /** Pass/fail of the benchmark's own goals, e.g. the p99 bound of P3. */
  checks?: Record<string, boolean>
  notes?: string[]
}

/** Units per (server + database) CPU-second; the server's own figure when it has no database. */
function totalRate(r: RunFigures): number {
  return r.reqPerTotalCpuSecond ?? r.reqPerCpuSecond
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function load(server: ServerUnderTest, spec: LoadSpec): Promise<RunFigures> {
  const options = {
    url: server.url + spec.path,
    connections: spec.connections,
    method: spec.method ?? 'GET',
    headers: { ...spec.headers, ...server.headers },
    ...(spec.body ? { body: spec.body } : {}),
  }
  const run = (duration: number): Promise<autocannon.Result> =>
    autocannon({ ...options, ...(server.requests ? { requests: server.requests() } : {}), duration })
  // Warm-up so JIT and connection pools are in their steady state before we measure.
  const warmup = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1)
  if (warmup > 0) await run(warmup)
  const cpuBefore = cpuSecondsOf(server.pid)
  const dbBefore = server.dbCpuSeconds?.()
  const result = await run(spec.durationSeconds)
  const cpuSeconds = cpuSecondsOf(server.pid) - cpuBefore
  const dbCpuSeconds = dbBefore === undefined ? undefined : server.dbCpuSeconds!() - dbBefore
  const total = result.requests.total
  return {
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    cpuSeconds,
    reqPerCpuSecond: cpuSeconds > 0 ? total / cpuSeconds : 0,
    ...(dbCpuSeconds === undefined
      ? {}
      : { dbCpuSeconds, reqPerTotalCpuSecond: total / Math.max(cpuSeconds + dbCpuSeconds, 0.01) }),
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

export interface AbOptions {
  pairs?: number
  goal?: string
  /** Goal checks computed from the finished runs (printed and saved with the result). */
  checks?: (aRuns: RunFigures[], bRuns: RunFigures[]) => Record<string, boolean>
  notes?: string[]
}

export function pairsFromEnv(pairs?: number): number {
  return Math.max(pairs ?? Number(process.env['BENCH_PAIRS'] ?? 5), 1)
}

export async function runAb(
  benchmark: string,
  a: Side,
  b: Side,
  spec: LoadSpec,
  options: AbOptions = {},
): Promise<AbResult> {
  const pairs = pairsFromEnv(options.pairs)
  const load0 = loadavg()[0]!
  const serverA = await a.start()
  let serverB: ServerUnderTest
  try {
    serverB = await b.start()
  } catch (err) {
    await serverA.stop()
    throw err
  }
  const aRuns: RunFigures[] = []
  const bRuns: RunFigures[] = []
  try {
    for (let i = 0; i < pairs; i++) {
      aRuns.push(await load(serverA, spec))
      bRuns.push(await load(serverB, spec))
    }
  } finally {
    await serverA.stop()
    await serverB.stop()
  }
  const result = summarise(benchmark, a.name, b.name, aRuns, bRuns, withLoadNote(options, load0))
  report(result)
  return result
}

/** Other jobs share these machines: the 1-minute load average before and after goes with the result. */
export function withLoadNote<T extends AbOptions>(options: T, before: number): T {
  const note = `load average ${before.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after (this machine: ${availableParallelism()} CPUs)`
  return { ...options, notes: [...(options.notes ?? []), note] }
}

/** Median ratios B/A (pair by pair) and the goal checks. */
export function summarise(
  benchmark: string,
  a: string,
  b: string,
  aRuns: RunFigures[],
  bRuns: RunFigures[],
  options: AbOptions & { unit?: string } = {},
): AbResult {
  const ratio = (pick: (r: RunFigures) => number | undefined): number[] =>
    bRuns.map((r, i) => (pick(r) ?? 0) / (pick(aRuns[i]!) || 1))
  // A side without a database process (a bare server) counts its own CPU as the total.
  const withTotal = [...aRuns, ...bRuns].some((r) => r.reqPerTotalCpuSecond !== undefined)
  return {
    benchmark,
    a,
    b,
    pairs: bRuns.length,
    medianRatio: median(ratio((r) => r.reqPerSec)),
    medianCpuRatio: median(ratio((r) => r.reqPerCpuSecond)),
    ...(withTotal ? { medianTotalCpuRatio: median(ratio(totalRate)) } : {}),
    aRuns,
    bRuns,
    ...(options.goal ? { goal: options.goal } : {}),
    ...(options.unit ? { unit: options.unit } : {}),
    ...(options.checks ? { checks: options.checks(aRuns, bRuns) } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
  }
}

export function resultsDir(): string {
  return process.env['BENCH_RESULTS_DIR'] ?? join(import.meta.dirname, '..', 'results')
}

export function report(result: AbResult): void {
  const unit = result.unit ?? 'req'
  const num = (v: number, width = 9): string => v.toFixed(0).padStart(width)
  const row = (name: string, runs: RunFigures[]): string => {
    const p99 = median(runs.map((r) => r.p99Ms))
    const total =
      result.medianTotalCpuRatio === undefined
        ? ''
        : `  ${num(median(runs.map(totalRate)))} ${unit}/(app+db)CPU-s`
    return (
      `${name.padEnd(40)} ${num(median(runs.map((r) => r.reqPerSec)))} ${unit}/s  ` +
      `${num(median(runs.map((r) => r.reqPerCpuSecond)))} ${unit}/CPU-s` +
      (Number.isFinite(p99) ? `  p99 ${p99.toFixed(1).padStart(6)} ms` : '') +
      total +
      `  errors ${runs.reduce((n, r) => n + r.errors + r.non2xx, 0)}`
    )
  }
  console.log(`\n${result.benchmark} (${result.pairs} A/B pairs, medians)`)
  console.log(row(`A ${result.a}`, result.aRuns))
  console.log(row(`B ${result.b}`, result.bRuns))
  console.log(
    `ratio B/A: ${result.medianRatio.toFixed(3)}x ${unit}/s, ${result.medianCpuRatio.toFixed(3)}x ${unit} per CPU-second` +
      (result.medianTotalCpuRatio === undefined
        ? ''
        : `, ${result.medianTotalCpuRatio.toFixed(3)}x per (app+db) CPU-second`) +
      (result.goal ? `  (goal ${result.goal})` : ''),
  )
  for (const [name, ok] of Object.entries(result.checks ?? {}))
    console.log(`  ${ok ? 'PASS' : 'MISS'} ${name}`)
  for (const note of result.notes ?? []) console.log(`  note: ${note}`)
  const dir = resultsDir()
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${result.benchmark}.json`), JSON.stringify(result, null, 2))
}
