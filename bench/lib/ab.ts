// A/B benchmark harness (PERFORMANCE.md): the baseline (A) and the subject (B) run alternately in
// the same job, at least 5 pairs; we print the median ratio B/A of req/s and of req per server
// CPU-second, and write JSON. Absolute numbers drift on shared machines; ratios do not.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'

export interface ServerUnderTest {
  url: string
  pid: number
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
  reqPerSec: number
  p99Ms: number
  cpuSeconds: number
  reqPerCpuSecond: number
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
  aRuns: RunFigures[]
  bRuns: RunFigures[]
  goal?: string
}

const CLOCK_TICKS = 100

/** utime + stime of a process in seconds, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

async function load(server: ServerUnderTest, spec: LoadSpec): Promise<RunFigures> {
  // Warm-up so JIT and connection pools are in their steady state before we measure.
  await autocannon({
    url: server.url + spec.path,
    connections: spec.connections,
    duration: 1,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    ...(spec.body ? { body: spec.body } : {}),
  })
  const cpuBefore = cpuSecondsOf(server.pid)
  const result = await autocannon({
    url: server.url + spec.path,
    connections: spec.connections,
    duration: spec.durationSeconds,
    method: spec.method ?? 'GET',
    headers: spec.headers ?? {},
    ...(spec.body ? { body: spec.body } : {}),
  })
  const cpuSeconds = cpuSecondsOf(server.pid) - cpuBefore
  const total = result.requests.total
  return {
    reqPerSec: result.requests.average,
    p99Ms: result.latency.p99,
    cpuSeconds,
    reqPerCpuSecond: cpuSeconds > 0 ? total / cpuSeconds : 0,
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

export async function runAb(
  benchmark: string,
  a: Side,
  b: Side,
  spec: LoadSpec,
  options: { pairs?: number; goal?: string } = {},
): Promise<AbResult> {
  const pairs = Math.max(options.pairs ?? Number(process.env['BENCH_PAIRS'] ?? 5), 1)
  const servers = { a: await a.start(), b: await b.start() }
  const aRuns: RunFigures[] = []
  const bRuns: RunFigures[] = []
  try {
    for (let i = 0; i < pairs; i++) {
      aRuns.push(await load(servers.a, spec))
      bRuns.push(await load(servers.b, spec))
    }
  } finally {
    await servers.a.stop()
    await servers.b.stop()
  }
  const ratios = bRuns.map((r, i) => r.reqPerSec / aRuns[i]!.reqPerSec)
  const cpuRatios = bRuns.map((r, i) => r.reqPerCpuSecond / (aRuns[i]!.reqPerCpuSecond || 1))
  const result: AbResult = {
    benchmark,
    a: a.name,
    b: b.name,
    pairs,
    medianRatio: median(ratios),
    medianCpuRatio: median(cpuRatios),
    aRuns,
    bRuns,
    ...(options.goal ? { goal: options.goal } : {}),
  }
  report(result)
  return result
}

export function report(result: AbResult): void {
  const row = (name: string, runs: RunFigures[]) =>
    `${name.padEnd(28)} ${median(runs.map((r) => r.reqPerSec))
      .toFixed(0)
      .padStart(9)} req/s  ` +
    `${median(runs.map((r) => r.reqPerCpuSecond))
      .toFixed(0)
      .padStart(9)} req/CPU-s  ` +
    `p99 ${median(runs.map((r) => r.p99Ms))
      .toFixed(1)
      .padStart(6)} ms  ` +
    `errors ${runs.reduce((n, r) => n + r.errors + r.non2xx, 0)}`
  console.log(`\n${result.benchmark} (${result.pairs} A/B pairs, medians)`)
  console.log(row(`A ${result.a}`, result.aRuns))
  console.log(row(`B ${result.b}`, result.bRuns))
  console.log(
    `ratio B/A: ${result.medianRatio.toFixed(3)}x req/s, ${result.medianCpuRatio.toFixed(3)}x req per CPU-second${result.goal ? `  (goal ${result.goal})` : ''}`,
  )
  const dir = join(import.meta.dirname, '..', 'results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${result.benchmark}.json`), JSON.stringify(result, null, 2))
}
