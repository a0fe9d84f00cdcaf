// In-process A/B (no HTTP): both sides are async functions in this process that return how many
// units of work they did; they run alternately, A B A B, and the same median/report code as the
// HTTP benchmarks prints the ratio of units/s and of units per CPU-second of this process.
import { performance } from 'node:perf_hooks'
import { loadavg } from 'node:os'
import {
  pairsFromEnv,
  report,
  summarise,
  withLoadNote,
  type AbOptions,
  type AbResult,
  type RunFigures,
} from './ab.ts'

export interface InProcessSide {
  name: string
  /** Does the work once; returns the number of units done (events, rows...). */
  run(): Promise<number>
}

export interface InProcessOptions extends AbOptions {
  unit: string
  /** Untimed runs of each side before the pairs (JIT, caches). Default 1. */
  warmups?: number
  /** CPU seconds of a database server in another process, to report app+db CPU. */
  dbCpuSeconds?: () => number
}

async function measure(side: InProcessSide, dbCpuSeconds?: () => number): Promise<RunFigures> {
  ;(globalThis as { gc?: () => void }).gc?.()
  const db0 = dbCpuSeconds?.()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const units = await side.run()
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const db = db0 === undefined ? undefined : dbCpuSeconds!() - db0
  return {
    reqPerSec: units / wall,
    p99Ms: Number.NaN,
    cpuSeconds,
    reqPerCpuSecond: units / Math.max(cpuSeconds, 1e-6),
    ...(db === undefined ? {} : { dbCpuSeconds: db, reqPerTotalCpuSecond: units / (cpuSeconds + db) }),
    errors: 0,
    non2xx: 0,
  }
}

export async function runInProcessAb(
  benchmark: string,
  a: InProcessSide,
  b: InProcessSide,
  options: InProcessOptions,
): Promise<AbResult> {
  const pairs = pairsFromEnv(options.pairs)
  const load0 = loadavg()[0]!
  for (let i = 0; i < (options.warmups ?? 1); i++) {
    await a.run()
    await b.run()
  }
  const aRuns: RunFigures[] = []
  const bRuns: RunFigures[] = []
  for (let i = 0; i < pairs; i++) {
    aRuns.push(await measure(a, options.dbCpuSeconds))
    bRuns.push(await measure(b, options.dbCpuSeconds))
  }
  const result = summarise(benchmark, a.name, b.name, aRuns, bRuns, withLoadNote(options, load0))
  report(result)
  return result
}
