// One P8 round: N signed-in patients (one HTTP client each, keep-alive connections of their own) start
// together and each books a random one of the round's free slots (POST /api/appointments). A 409
// "just taken" teaches the client which slots are gone: the one it asked for, and every slot of the
// round from that one up to the last alternative offered that is not among the alternatives (the
// server lists the next free starts from the asked time on). It retries a random slot it does not
// know to be taken, until it gets one (201) or knows all are taken. Every request's latency and
// status is kept; afterwards the database is asked how many booked appointments each slot holds.
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Kysely } from 'kysely'
import type { Database } from '../../apps/server/src/platform/db/schema.ts'

export interface RaceTarget {
  url: string
  typeId: string
  clinicianId: string
  cookies: string[]
  agent: http.Agent
}

export interface RaceRequest {
  ms: number
  /** HTTP status, or 0 for a network error. */
  status: number
}

export interface RaceRound {
  day: string
  slots: string[]
  requests: RaceRequest[]
  /** First request sent to last answer received. */
  wallSeconds: number
  booked201: number
}

interface Answer {
  status: number
  body: string
}

function request(
  target: RaceTarget,
  method: 'GET' | 'POST',
  path: string,
  cookie: string,
  body?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { cookie, origin: target.url, 'x-tessera-request': '1' }
  if (body !== undefined) {
    headers['content-type'] = 'application/json'
    headers['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, target.url), { method, headers, agent: target.agent }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The round's slots: the first `count` free starts of `day` (UTC date), as the booking page lists them. */
export async function freeSlotsOf(target: RaceTarget, day: string, count: number): Promise<string[]> {
  const from = `${day}T00:00:00.000Z`
  const to = new Date(Date.parse(from) + 86_400_000).toISOString()
  const q = new URLSearchParams({
    typeId: target.typeId,
    clinicianId: target.clinicianId,
    from,
    to,
    limit: String(count),
  })
  const res = await request(target, 'GET', `/api/scheduling/slots?${q}`, target.cookies[0]!)
  if (res.status !== 200) throw new Error(`GET slots answered ${res.status}: ${res.body.slice(0, 300)}`)
  const slots = (JSON.parse(res.body) as { slots: Array<{ start: string }> }).slots.map((s) => s.start)
  if (slots.length < count) throw new Error(`only ${slots.length} free slots on ${day}: ${slots.join(', ')}`)
  return slots
}

/** The slots (ms) a "just taken" answer for `asked` shows to be taken; null if it is not one. */
export function takenBy(asked: number, slots: number[], body: string): number[] | null {
  let parsed: { error?: { message?: string; details?: Array<{ path: string; message: string }> } }
  try {
    parsed = JSON.parse(body) as typeof parsed
  } catch {
    return null
  }
  if (!parsed.error?.message?.includes('just taken')) return null
  const alternatives = (parsed.error.details ?? [])
    .filter((d) => d.path === '/alternatives')
    .map((d) => Date.parse(d.message))
  if (alternatives.length === 0) return slots // "no other free times soon"
  const listed = new Set(alternatives)
  // Up to 5 are offered: fewer means nothing else was free in the week from the asked time.
  const last = alternatives.length < 5 ? Infinity : Math.max(...alternatives)
  // Before the asked time: the fallback to the soonest overall, so nothing was free from `asked` on.
  if (Math.min(...alternatives) < asked) return slots.filter((s) => s >= asked)
  return slots.filter((s) => s === asked || (s > asked && s <= last && !listed.has(s)))
}

/** One client: books until it gets a slot or knows every slot of the round is taken. */
async function client(target: RaceTarget, cookie: string, slots: number[], out: RaceRequest[]) {
  const taken = new Set<number>()
  for (;;) {
    const open = slots.filter((s) => !taken.has(s))
    if (open.length === 0) return
    const start = open[Math.floor(Math.random() * open.length)]!
    const body = JSON.stringify({
      typeId: target.typeId,
      clinicianId: target.clinicianId,
      start: new Date(start).toISOString(),
    })
    const t0 = performance.now()
    let answer: Answer
    try {
      answer = await request(target, 'POST', '/api/appointments', cookie, body)
    } catch {
      out.push({ ms: performance.now() - t0, status: 0 })
      return
    }
    out.push({ ms: performance.now() - t0, status: answer.status })
    if (answer.status !== 409) return // booked, or an answer the report counts as unexpected
    const gone = takenBy(start, slots, answer.body)
    if (!gone) return
    for (const s of gone) taken.add(s)
  }
}

/** Races every client for `slots` (free starts of `day`, from freeSlotsOf). */
export async function raceRound(target: RaceTarget, day: string, slots: string[]): Promise<RaceRound> {
  const ms = slots.map((s) => Date.parse(s))
  const requests: RaceRequest[] = []
  const t0 = performance.now()
  await Promise.all(target.cookies.map((cookie) => client(target, cookie, ms, requests)))
  const wallSeconds = (performance.now() - t0) / 1000
  return { day, slots, requests, wallSeconds, booked201: requests.filter((r) => r.status === 201).length }
}

export interface SlotCount {
  booked: number
  /** Booked appointments at the round's slots, per slot. */
  perSlot: number[]
  /** Booked appointments of the clinician that day that overlap another (pairs). */
  overlaps: number
}

/** What the database holds for the round: booked appointments per slot and overlapping pairs. */
export async function countBooked(
  db: Kysely<Database>,
  clinicianId: string,
  round: RaceRound,
): Promise<SlotCount> {
  const dayStart = new Date(`${round.day}T00:00:00.000Z`)
  const rows = await db
    .selectFrom('appointment')
    .select(['starts_at', 'ends_at'])
    .where('clinician_id', '=', clinicianId)
    .where('status', '=', 'booked')
    .where('starts_at', '>=', dayStart)
    .where('starts_at', '<', new Date(dayStart.getTime() + 86_400_000))
    .orderBy('starts_at')
    .execute()
  const perSlot = round.slots.map((s) => rows.filter((r) => r.starts_at.getTime() === Date.parse(s)).length)
  let overlaps = 0
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) if (rows[j]!.starts_at < rows[i]!.ends_at) overlaps++
  return { booked: rows.length, perSlot, overlaps }
}
