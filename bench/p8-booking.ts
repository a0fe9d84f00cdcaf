// P8: booking under a race. 100 signed-in patients, one HTTP client each, start together and book
// 10 free 30-minute slots of one weekday (POST /api/appointments: the clinician's schedule row is
// locked, the slot checked again, the appointment, its FHIR Appointment, the care team link and the
// reminders written in one transaction); a 409 "just taken" sends the client to a slot it does not
// know to be taken (lib/booking-race.ts). Each pair: the baseline A, PostgreSQL's pgbench TPC-B
// (`-c 10 -j 2 -T BENCH_SECONDS`, scale 1) on a scratch database of the same server, then one
// booking round B on a day of its own (Tessera from servers/tessera-launcher.ts, the clinic set up
// through the app's services by lib/booking-clinic.ts). Ratio: booking decisions (201 or 409) per
// second over pgbench tps. Goals (PERFORMANCE.md): 0 double bookings; p99 <= 50 ms.
// PostgreSQL server only: PGlite runs one statement at a time, and the baseline is pgbench.
import http from 'node:http'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { cpuSecondsOf, pairsFromEnv, report, summarise, withLoadNote, type RunFigures } from './lib/ab.ts'
import { openBenchContext } from './lib/bench-context.ts'
import { setUpBookingClinic, weekdaysAhead } from './lib/booking-clinic.ts'
import { countBooked, freeSlotsOf, raceRound, type RaceRequest, type RaceTarget } from './lib/booking-race.ts'
import { benchDatabases, benchSchema, dropSchema } from './lib/databases.ts'
import { launcherSide } from './lib/launcher.ts'
import { scratchPgbench, type PgbenchRun } from './lib/pgbench.ts'
import { postgresCpuSecondsWithExited } from './lib/pg-cpu-reaped.ts'

const CLIENTS = 100
const SLOTS = 10
const P99_GOAL_MS = 50

/** Nearest-rank percentile of latencies in ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

function pgbenchFigures(run: PgbenchRun): RunFigures {
  return {
    reqPerSec: run.tps,
    p99Ms: Number.NaN,
    cpuSeconds: run.dbCpuSeconds,
    reqPerCpuSecond: run.transactions / Math.max(run.dbCpuSeconds, 0.01),
    errors: 0,
    non2xx: 0,
  }
}

const decided = (r: RaceRequest): boolean => r.status === 201 || r.status === 409

interface RoundCheck {
  doubleBookings: number
  overlaps: number
  /** Exactly SLOTS booked, one per slot, and as many 201 answers. */
  whole: boolean
}

export async function p8Booking(url: string): Promise<void> {
  const pairs = pairsFromEnv()
  const seconds = Math.max(1, Math.round(Number(process.env['BENCH_SECONDS'] ?? 5)))
  const warmup = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 1) > 0
  const load0 = loadavg()[0]!
  // The launcher serves this schema (its own random one is then never made); dropped here.
  const schema = benchSchema('p8')
  const side = launcherSide('tessera booking (pg)', {
    db: { kind: 'postgres', url },
    audit: 'on',
    tag: 'p8',
    fixture: { patients: CLIENTS, observationsPerPatient: 0 },
    env: { TESSERA_DATABASE_SCHEMA: schema },
  })
  const aRuns: RunFigures[] = []
  const bRuns: RunFigures[] = []
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  const checks: RoundCheck[] = []
  const requestsPerRound: number[] = []
  let serverCpuSeconds = 0
  const pgb = await scratchPgbench(url)
  try {
    const server = await side.start()
    const bench = await openBenchContext(url, schema).catch(async (err: unknown) => {
      await server.stop()
      throw err
    })
    const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
    try {
      const clinic = await setUpBookingClinic(bench, server.fixture)
      const target: RaceTarget = {
        url: server.url,
        typeId: clinic.typeId,
        clinicianId: clinic.clinicianId,
        cookies: clinic.patientCookies,
        agent,
      }
      const days = weekdaysAhead(new Date(), pairs + (warmup ? 1 : 0))
      const round = async (day: string) => {
        const slots = await freeSlotsOf(target, day, SLOTS)
        const cpu0 = cpuSecondsOf(server.pid)
        const db0 = postgresCpuSecondsWithExited()
        const result = await raceRound(target, day, slots)
        const cpuSeconds = cpuSecondsOf(server.pid) - cpu0
        const dbCpuSeconds = postgresCpuSecondsWithExited() - db0
        const count = await countBooked(bench.ctx.db, clinic.clinicianId, result)
        checks.push({
          doubleBookings: count.perSlot.reduce((n, c) => n + Math.max(0, c - 1), 0),
          overlaps: count.overlaps,
          whole: count.booked === SLOTS && count.perSlot.every((c) => c === 1) && result.booked201 === SLOTS,
        })
        return { result, cpuSeconds, dbCpuSeconds }
      }
      if (warmup) {
        await pgb.run(1)
        await round(days.shift()!)
      }
      for (const day of days) {
        aRuns.push(pgbenchFigures(await pgb.run(seconds)))
        const { result, cpuSeconds, dbCpuSeconds } = await round(day)
        const decisions = result.requests.filter(decided).length
        for (const r of result.requests) {
          latencies.push(r.ms)
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
        }
        requestsPerRound.push(result.requests.length)
        serverCpuSeconds += cpuSeconds
        bRuns.push({
          reqPerSec: decisions / result.wallSeconds,
          p99Ms: percentile(
            result.requests.map((r) => r.ms),
            0.99,
          ),
          cpuSeconds,
          reqPerCpuSecond: decisions / Math.max(cpuSeconds, 0.01),
          dbCpuSeconds,
          reqPerTotalCpuSecond: decisions / Math.max(cpuSeconds + dbCpuSeconds, 0.01),
          errors: result.requests.filter((r) => r.status === 0).length,
          non2xx: result.requests.filter((r) => r.status !== 0 && !decided(r)).length,
        })
      }
    } finally {
      agent.destroy()
      await bench.close()
      await server.stop()
    }
  } finally {
    await pgb.drop()
    await dropSchema(url, schema)
  }
  const p50 = percentile(latencies, 0.5)
  const p99 = percentile(latencies, 0.99)
  const doubles = checks.reduce((n, c) => n + c.doubleBookings, 0)
  const overlaps = checks.reduce((n, c) => n + c.overlaps, 0)
  const other = [...statuses].filter(([s]) => s !== 201 && s !== 409).reduce((n, [, c]) => n + c, 0)
  const rounds = `${checks.length} rounds${warmup ? ' (1 warm-up)' : ''}`
  const result = summarise(
    'p8-booking-pg',
    'pgbench TPC-B (scale 1, 10 clients)',
    `booking: ${CLIENTS} clients, ${SLOTS} slots`,
    aRuns,
    bRuns,
    withLoadNote(
      {
        unit: 'decisions',
        goal: `0 double bookings; p99 <= ${P99_GOAL_MS} ms (P8)`,
        checks: () => ({
          [`0 double bookings (${doubles} over ${rounds})`]: doubles === 0,
          [`no two booked appointments overlap (${overlaps} pairs)`]: overlaps === 0,
          [`exactly ${SLOTS} booked per round, one per slot and per 201 answer`]: checks.every(
            (c) => c.whole,
          ),
          [`p99 ${p99.toFixed(1)} ms <= ${P99_GOAL_MS} ms (all ${latencies.length} measured requests)`]:
            p99 <= P99_GOAL_MS,
          [`only 201 and 409 answers (other: ${other})`]: other === 0,
        }),
        notes: [
          `all measured requests: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; ` +
            `201 ${statuses.get(201) ?? 0}, 409 ${statuses.get(409) ?? 0}; requests per round ${requestsPerRound.join(', ')}`,
          `Tessera CPU per request ${((1000 * serverCpuSeconds) / Math.max(latencies.length, 1)).toFixed(1)} ms: ` +
            `the ${CLIENTS} requests sent at once are answered one CPU slice after another on one event loop`,
          `a round: ${SLOTS} 30-minute slots from 09:00 Europe/London on a weekday of its own; a decision is a 201 or a 409 answer; decisions/s from the first request to the last answer`,
          `A: pgbench -n -c 10 -j 2 -T ${seconds} on a scratch database of the same server; its CPU-s is every local postgres process (pgbench itself not counted)`,
          'B: CPU-s is the Tessera process over the round (/proc counts 10 ms ticks); app+db adds every local postgres process',
        ],
      },
      load0,
    ),
  )
  report(result)
}

export async function p8All(): Promise<void> {
  for (const db of await benchDatabases()) {
    if (db.kind === 'postgres') await p8Booking(db.url)
    else
      console.log(
        '\np8-booking: skipped on embedded PGlite (it runs one statement at a time, so there is no race; the baseline is pgbench on the PostgreSQL server)',
      )
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await p8All()
