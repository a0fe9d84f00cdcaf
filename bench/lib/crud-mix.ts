// The P4 request mix, the same for Tessera and its raw baseline: in every 20 requests, 4 creates of an
// Observation (20%), 10 reads by id (50%), 3 updates with If-Match (15%) and 3 searches
// `Observation?patient=...&date=ge...` (15%), in a fixed order, shared by all connections.
// State carries from run to run of one server: reads pick any Observation known so far (fixture or
// created), updates take the least recently updated one no other connection is updating, with its
// current version in If-Match (so no update is refused as stale), and put it back when answered.
// Searches go to the first half of the fixture's patients and creates to the other half: a search
// costs more the more Observations its patient has, and the faster side creates more, so searching
// where nothing is created keeps the work per search the same on both sides.
import type autocannon from 'autocannon'
import type { BenchFixture } from './fixture.ts'
import { benchObservation } from './fixture.ts'

export type CrudOp = 'create' | 'read' | 'update' | 'search'

const C = 'create'
const R = 'read'
const U = 'update'
const S = 'search'
export const CRUD_MIX: readonly CrudOp[] = [C, R, R, U, R, S, R, C, R, U, R, S, C, R, R, U, R, S, C, R]

/** Bodies per patient, cycled (distinct values and effective dates; no free text). */
const VARIANTS = 8

export interface MixTarget {
  /** The server's origin: the Origin header of state-changing requests (CSRF check). */
  url: string
  cookie: string
  fixture: Pick<BenchFixture, 'patientIds' | 'observations'>
}

export interface CrudRequest {
  op: CrudOp
  method: 'GET' | 'POST' | 'PUT'
  path: string
  headers: Record<string, string>
  body?: string
}

interface Updatable {
  id: string
  patientId: string
  version: number
}

/** What a connection's request carries to its response (autocannon: one context per connection). */
interface MixContext {
  op?: CrudOp
  /** The Observation being updated. */
  entry?: Updatable
  /** The patient of the Observation being created. */
  patientId?: string
}

/** Headers of a signed-in browser's FHIR call (cookie, Origin, the CSRF header). */
export function fhirHeaders(
  target: Pick<MixTarget, 'url' | 'cookie'>,
  body: boolean,
): Record<string, string> {
  return {
    cookie: target.cookie,
    origin: target.url,
    'x-tessera-request': '1',
    ...(body ? { 'content-type': 'application/fhir+json' } : {}),
  }
}

export function observationBody(patientId: string, seq: number): string {
  return JSON.stringify(benchObservation(patientId, seq))
}

export function searchPath(patientId: string): string {
  return `/fhir/R4/Observation?patient=Patient/${patientId}&date=ge2025-06-10`
}

/** The id in a Location header: .../Observation/<id>/_history/<vid>. */
export function idFromLocation(location: unknown): string | null {
  return typeof location === 'string'
    ? (/\/Observation\/([0-9a-f-]{36})\//i.exec(location)?.[1] ?? null)
    : null
}

export interface CrudMix {
  /** Fresh autocannon requests over this server's shared state (one per run). */
  requests: () => autocannon.Request[]
  /** Requests answered with an unexpected status, by operation (should stay 0). */
  unexpected: Record<CrudOp, number>
}

export function crudMix(target: MixTarget): CrudMix {
  const { patientIds, observations } = target.fixture
  const half = Math.max(1, Math.floor(patientIds.length / 2))
  const searched = patientIds.slice(0, half)
  const written = patientIds.length > 1 ? patientIds.slice(half) : patientIds
  const bodies = new Map(
    patientIds.map((p, i) => [
      p,
      Array.from({ length: VARIANTS }, (_, k) => observationBody(p, i * VARIANTS + k)),
    ]),
  )
  const readable = observations.map((o) => o.id)
  const idle: Updatable[] = observations.map((o) => ({ ...o, version: 1 }))
  const unexpected: Record<CrudOp, number> = { create: 0, read: 0, update: 0, search: 0 }
  const getHeaders = fhirHeaders(target, false)
  const bodyHeaders = fhirHeaders(target, true)
  let seq = 0
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!
  const bodyFor = (patientId: string): string => pick(bodies.get(patientId)!)

  function next(context: MixContext): CrudRequest {
    let op = CRUD_MIX[seq++ % CRUD_MIX.length]!
    if (op === 'update' && idle.length === 0) op = 'read'
    context.op = op
    switch (op) {
      case 'create': {
        const patientId = pick(written)
        context.patientId = patientId
        return {
          op,
          method: 'POST',
          path: '/fhir/R4/Observation',
          headers: bodyHeaders,
          body: bodyFor(patientId),
        }
      }
      case 'read':
        return { op, method: 'GET', path: `/fhir/R4/Observation/${pick(readable)}`, headers: getHeaders }
      case 'update': {
        const entry = idle.shift()!
        context.entry = entry
        return {
          op,
          method: 'PUT',
          path: `/fhir/R4/Observation/${entry.id}`,
          headers: { ...bodyHeaders, 'if-match': `W/"${entry.version}"` },
          body: bodyFor(entry.patientId),
        }
      }
      case 'search':
        return { op, method: 'GET', path: searchPath(pick(searched)), headers: getHeaders }
    }
  }

  function answered(status: number, context: MixContext, headers: Record<string, unknown>): void {
    const op = context.op
    if (!op) return
    if (op === 'create') {
      const id = status === 201 ? idFromLocation(headers['location'] ?? headers['Location']) : null
      if (!id || !context.patientId) {
        unexpected.create++
        return
      }
      readable.push(id)
      idle.push({ id, patientId: context.patientId, version: 1 })
      return
    }
    if (op === 'update' && context.entry) {
      const entry = context.entry
      // A refused update leaves the entry out: its version is no longer known for sure.
      if (status === 200) idle.push({ ...entry, version: entry.version + 1 })
      else unexpected.update++
      return
    }
    if (status !== 200) unexpected[op]++
  }

  return {
    unexpected,
    requests: () => [
      {
        setupRequest: (request, context) => {
          const r = next(context)
          return {
            ...request,
            method: r.method,
            path: r.path,
            headers: r.headers,
            ...(r.body ? { body: r.body } : {}),
          }
        },
        onResponse: (status, _body, context, headers) => answered(status, context, { ...headers }),
      },
    ],
  }
}
