// P7: WebSocket signalling. Baseline A is a raw `ws` server doing the minimum (lib/signalling-server.ts:
// a relay forwards each frame unchanged to the other socket of its pair; a lobby socket gets one fixed
// frame); B is Tessera's signalling (session cookie and Origin checked before the upgrade, room and
// admission, `hello` with a registered device, every frame rate-limited and checked against its
// schema, routed by participant id, re-serialised with the sender's id). Both run as child processes
// of this one, which drives the sockets with the same client code (lib/signalling-clients.ts).
//   idle    K lobby sockets, one session each, opened 64 at a time and held: the server's RSS and
//           heap+external growth per socket (after two full GCs), sockets opened per second and per
//           server CPU-second, p99 connect-to-first-frame; K = BENCH_P7_IDLE_SOCKETS (default 10,000,
//           the goal), lowered to fit the file descriptor limit with the limit printed.
//   relay   N joined pairs (BENCH_P7_PAIRS, default 200) in ping-pong, each socket paced to 40
//           messages/s (80% of Tessera's per-connection limit), for each payload size of
//           BENCH_P7_PAYLOADS (default 256 and 4096 base64 characters: an ICE candidate, an SDP).
// Each part alternates A B A B, BENCH_PAIRS pairs. Goals (PERFORMANCE.md P7): >= 0.8x msgs/s;
// <= 16 KB per idle connection; 10k concurrent sockets on one instance.
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { SIGNAL_PER_SECOND } from '../apps/server/src/consult/consult-rules.ts'
import {
  cpuSecondsOf,
  median,
  pairsFromEnv,
  report,
  summarise,
  withLoadNote,
  type RunFigures,
} from './lib/ab.ts'
import { benchDatabases, dbLabel, type BenchDb } from './lib/databases.ts'
import {
  closeSockets,
  joinPairs,
  openIdleSockets,
  relayRun,
  stillOpen,
  type RelayPair,
} from './lib/signalling-clients.ts'
import { startSignallingServer, type SignallingServer } from './lib/signalling-side.ts'
import { percentile } from './p8-booking.ts'

const IDLE_GOAL_SOCKETS = 10_000
const IDLE_GOAL_BYTES = 16 * 1024
const OPEN_CONCURRENCY = 64
/** Sends per socket per second: 80% of the server's limit, so a late frame never trips it. */
const PACE_PER_SECOND = SIGNAL_PER_SECOND * 0.8
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** `ulimit -n` of this process (the servers inherit it); Infinity when it cannot be read. */
function fdLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()
    return out === 'unlimited' ? Infinity : Number(out)
  } catch {
    return Infinity
  }
}

interface IdleFigures {
  sockets: number
  rssPerSocket: number
  heapPerSocket: number
  open: number
}

async function idleRun(
  server: SignallingServer,
  count: number,
): Promise<{ run: RunFigures; mem: IdleFigures }> {
  const m0 = await server.memory()
  const cpu0 = cpuSecondsOf(server.pid)
  const opened = await openIdleSockets(server, count, OPEN_CONCURRENCY)
  const cpuSeconds = cpuSecondsOf(server.pid) - cpu0
  await sleep(500)
  const m1 = await server.memory()
  const n = opened.sockets.length
  const open = stillOpen(opened.sockets)
  await closeSockets(opened.sockets)
  await sleep(300)
  if (opened.firstFailure)
    console.log(`  ${server.kind}: ${opened.failures} sockets failed: ${opened.firstFailure}`)
  return {
    run: {
      reqPerSec: n / opened.wallSeconds,
      p99Ms: percentile(opened.openMs, 0.99),
      cpuSeconds,
      reqPerCpuSecond: n / Math.max(cpuSeconds, 0.01),
      errors: opened.failures,
      non2xx: 0,
    },
    mem: {
      sockets: n,
      rssPerSocket: (m1.rss - m0.rss) / Math.max(n, 1),
      heapPerSocket: (m1.heapUsed + m1.external - m0.heapUsed - m0.external) / Math.max(n, 1),
      open,
    },
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

async function idleBench(
  label: string,
  raw: SignallingServer,
  tessera: SignallingServer,
  count: number,
  limit: number,
) {
  const pairs = pairsFromEnv()
  const load0 = loadavg()[0]!
  if (Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1) > 0) {
    await idleRun(raw, Math.min(count, 200))
    await idleRun(tessera, Math.min(count, 200))
  }
  const a: Array<Awaited<ReturnType<typeof idleRun>>> = []
  const b: typeof a = []
  for (let i = 0; i < pairs; i++) {
    a.push(await idleRun(raw, count))
    b.push(await idleRun(tessera, count))
  }
  const rssA = median(a.map((r) => r.mem.rssPerSocket))
  const rssB = median(b.map((r) => r.mem.rssPerSocket))
  const heapA = median(a.map((r) => r.mem.heapPerSocket))
  const heapB = median(b.map((r) => r.mem.heapPerSocket))
  const worstB = Math.max(...b.map((r) => r.mem.rssPerSocket))
  const allOpen = b.every((r) => r.mem.sockets === count && r.mem.open === count)
  const capped = count < IDLE_GOAL_SOCKETS
  const result = summarise(
    `p7-idle-sockets-${label}`,
    'raw ws (one frame, then idle)',
    'Tessera lobby socket (session each)',
    a.map((r) => r.run),
    b.map((r) => r.run),
    withLoadNote(
      {
        unit: 'sockets',
        goal: `<= ${IDLE_GOAL_BYTES / 1024} KB per idle connection; ${IDLE_GOAL_SOCKETS} concurrent sockets (P7)`,
        checks: () => ({
          [`RSS per idle Tessera socket ${kb(worstB)} <= ${IDLE_GOAL_BYTES / 1024} KB (largest of ${b.length} runs)`]:
            worstB <= IDLE_GOAL_BYTES,
          [`${count} sockets open at once on one instance, every one served, every run` +
          (capped ? ` (MISS by construction: ulimit -n ${limit} allows no more than ${count})` : '')]:
            allOpen && !capped,
        }),
        notes: [
          `memory per idle socket (medians): A RSS ${kb(rssA)}, heap+external ${kb(heapA)}; ` +
            `B RSS ${kb(rssB)}, heap+external ${kb(heapB)}; ratio B/A RSS ${(rssB / rssA).toFixed(2)}x`,
          `B RSS per socket by run: ${b.map((r) => kb(r.mem.rssPerSocket)).join(', ')} (the first run grows a fresh heap; later runs reuse freed pages)`,
          `${count} sockets per run (BENCH_P7_IDLE_SOCKETS, ulimit -n ${limit}), opened ${OPEN_CONCURRENCY} at a time; sockets/s is connect to first frame for all; CPU-s is the server process while opening`,
          'B: each open checks Origin, resolves the session, subscribes the lobby channel and reads the waiting list; held sockets are pinged and their sessions re-read every 20 s',
        ],
      },
      load0,
    ),
  )
  report(result)
}

async function relayBench(
  label: string,
  raw: { server: SignallingServer; pairs: RelayPair[] },
  tessera: { server: SignallingServer; pairs: RelayPair[] },
  payloadChars: number,
) {
  const pairs = pairsFromEnv()
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 5)
  const warmup = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1)
  const gapMs = 1000 / PACE_PER_SECOND
  const load0 = loadavg()[0]!
  const p50s = { a: [] as number[], b: [] as number[] }
  let trouble = 0
  const measure = async (side: typeof raw, into: number[]): Promise<RunFigures> => {
    if (warmup > 0) await relayRun(side.pairs, payloadChars, warmup, gapMs)
    const cpu0 = cpuSecondsOf(side.server.pid)
    const run = await relayRun(side.pairs, payloadChars, seconds, gapMs)
    const cpuSeconds = cpuSecondsOf(side.server.pid) - cpu0
    into.push(percentile(run.latenciesMs, 0.5))
    trouble += run.other + run.closed
    return {
      reqPerSec: run.messages / run.wallSeconds,
      p99Ms: percentile(run.latenciesMs, 0.99),
      cpuSeconds,
      reqPerCpuSecond: run.messages / Math.max(cpuSeconds, 0.01),
      errors: run.closed,
      non2xx: run.other,
    }
  }
  const aRuns: RunFigures[] = []
  const bRuns: RunFigures[] = []
  for (let i = 0; i < pairs; i++) {
    aRuns.push(await measure(raw, p50s.a))
    bRuns.push(await measure(tessera, p50s.b))
  }
  const n = tessera.pairs.length
  const offered = n * 2 * PACE_PER_SECOND
  const p99A = median(aRuns.map((r) => r.p99Ms))
  const p99B = median(bRuns.map((r) => r.p99Ms))
  const result = summarise(
    `p7-relay-${payloadChars}B-${label}`,
    'raw ws relay (forwards the frame)',
    'Tessera signalling relay',
    aRuns,
    bRuns,
    withLoadNote(
      {
        unit: 'msgs',
        goal: '>= 0.8x msgs/s (P7)',
        checks: (a, b) => ({
          [`msgs/s ratio >= 0.8`]: median(b.map((r, i) => r.reqPerSec / (a[i]!.reqPerSec || 1))) >= 0.8,
          [`no socket closed, every frame a relay (other frames or closes: ${trouble})`]: trouble === 0,
        }),
        notes: [
          `latency one way, medians of runs: p50 A ${median(p50s.a).toFixed(2)} ms, B ${median(p50s.b).toFixed(2)} ms (${(median(p50s.b) / median(p50s.a)).toFixed(2)}x); ` +
            `p99 A ${p99A.toFixed(2)} ms, B ${p99B.toFixed(2)} ms (${(p99B / p99A).toFixed(2)}x)`,
          `${n} pairs in ping-pong, one message in flight per pair, each socket paced to ${PACE_PER_SECOND}/s (Tessera closes a socket past ${SIGNAL_PER_SECOND}/s): ` +
            `at most ${offered} msgs/s offered; while both keep up, msgs/s is the same and msgs per server CPU-second tells them apart`,
          `payload ${payloadChars} base64 characters; frame ~${payloadChars + 80} bytes; CPU-s is the server process only (the clients share the 2 CPUs)`,
        ],
      },
      load0,
    ),
  )
  report(result)
}

export async function p7Signalling(db: BenchDb): Promise<void> {
  const label = dbLabel(db)
  const relayPairs = Math.max(1, Number(process.env['BENCH_P7_PAIRS'] ?? 200))
  const payloads = (process.env['BENCH_P7_PAYLOADS'] ?? '256,4096').split(',').map(Number)
  const limit = fdLimit()
  // This process holds the idle sockets plus its relay pairs; each server holds as many.
  const wanted = Math.max(1, Number(process.env['BENCH_P7_IDLE_SOCKETS'] ?? IDLE_GOAL_SOCKETS))
  const idle = Math.max(1, Math.min(wanted, limit - 4 * relayPairs - 512))
  const raw = await startSignallingServer('raw', db, { pairs: 0, idleSockets: 0 })
  try {
    const tessera = await startSignallingServer('tessera', db, { pairs: relayPairs, idleSockets: idle })
    try {
      await idleBench(label, raw, tessera, idle, limit)
      const rawPairs = await joinPairs(raw, relayPairs)
      const tesseraPairs = await joinPairs(tessera, relayPairs)
      for (const size of payloads)
        await relayBench(
          label,
          { server: raw, pairs: rawPairs },
          { server: tessera, pairs: tesseraPairs },
          size,
        )
      await closeSockets([...rawPairs, ...tesseraPairs].flatMap((p) => [p.a, p.b]))
    } finally {
      await tessera.stop()
    }
  } finally {
    await raw.stop()
  }
}

/** On the PostgreSQL server when it is reachable (the figures to quote), else embedded PGlite. */
export async function p7All(): Promise<void> {
  const dbs = await benchDatabases()
  const db = dbs.find((d) => d.kind === 'postgres') ?? dbs[0]
  if (db) await p7Signalling(db)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p7All()
