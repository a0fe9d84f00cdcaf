// P4's honesty check, run before every P4 measurement: Tessera (the real buildApp, in this process)
// and the raw baseline (servers/raw-pg-fhir.ts, in this process) each get the same four requests
// (create, read, update with If-Match, search), one at a time, on a schema of their own with the
// same fixture, while every statement node-postgres sends is recorded. Per operation the
// statements must be the same, in the same order (whitespace and the number of rows of a multi-row
// insert aside); so must the search index rows written and the shape of the audit events.
import { sql } from 'kysely'
import { buildApp } from '../../apps/server/src/app.ts'
import type { AppContext } from '../../apps/server/src/context.ts'
import { rawPool, startRawFhirServer } from '../servers/raw-pg-fhir.ts'
import { fullSessionCookie, openBenchContext, type BenchContext } from './bench-context.ts'
import { fhirHeaders, idFromLocation, observationBody, searchPath, type CrudOp } from './crud-mix.ts'
import { benchSchema, dropSchema } from './databases.ts'
import { createFixture, type BenchFixture } from './fixture.ts'
import { normaliseSql, recordPgQueries } from './sql-capture.ts'

/** Conditional in both (session-store.ts touches last_seen_at at most every 10 s): left out. */
const TOUCH = /^update "session" set "last_seen_at"/

const OPS: readonly CrudOp[] = ['create', 'read', 'update', 'search']

interface ProbeResult {
  status: Record<CrudOp, number>
  statements: Record<CrudOp, string[]>
  createdId: string | null
}

export interface StatementReport {
  ok: boolean
  /** Statements per operation (Tessera's), e.g. { create: 8, ... }. */
  counts: Record<CrudOp, number>
  lines: string[]
}

async function probe(
  url: string,
  cookie: string,
  fixture: BenchFixture,
  take: () => string[],
): Promise<ProbeResult> {
  const patientId = fixture.patientIds[0]!
  const target = { url, cookie }
  const status = {} as Record<CrudOp, number>
  const statements = {} as Record<CrudOp, string[]>
  const call = async (op: CrudOp, path: string, init: RequestInit): Promise<Response> => {
    take()
    const res = await fetch(url + path, init)
    await res.arrayBuffer()
    status[op] = res.status
    statements[op] = take()
      .map(normaliseSql)
      .filter((s) => !TOUCH.test(s))
    return res
  }
  const created = await call('create', '/fhir/R4/Observation', {
    method: 'POST',
    headers: fhirHeaders(target, true),
    body: observationBody(patientId, 3),
  })
  const id = idFromLocation(created.headers.get('location'))
  await call('read', `/fhir/R4/Observation/${id}`, { headers: fhirHeaders(target, false) })
  await call('update', `/fhir/R4/Observation/${id}`, {
    method: 'PUT',
    headers: { ...fhirHeaders(target, true), 'if-match': 'W/"1"' },
    body: observationBody(patientId, 4),
  })
  await call('search', searchPath(patientId), { headers: fhirHeaders(target, false) })
  return { status, statements, createdId: id }
}

/** Index rows of a resource, comparable across databases (the fixture's patient id left out). */
async function indexRows(ctx: AppContext, id: string | null, patientId: string): Promise<string> {
  if (!id) return '(no resource was created)'
  const { rows } = await sql<Record<string, unknown>>`
    select param, system, value, date_start, date_end from fhir_search_index where resource_id = ${id}
    order by param, system nulls first, value nulls first`.execute(ctx.db)
  return JSON.stringify(rows).replaceAll(patientId, '<patient>')
}

/** Every key path of a JSON value (array positions folded), sorted: the shape of an audit event. */
function shape(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => shape(v, `${path}[]`)))].sort()
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .flatMap(([k, v]) => shape(v, path ? `${path}.${k}` : k))
      .sort()
  }
  return [path]
}

async function auditShapes(ctx: AppContext): Promise<string[]> {
  const { rows } = await sql<{ action: string; body: string }>`
    select action, body::text as body from audit_event order by id`.execute(ctx.db)
  return rows.map((r) => `${r.action} ${shape(JSON.parse(r.body)).join(' ')}`)
}

async function probeTessera(url: string): Promise<{ result: ProbeResult; index: string; audit: string[] }> {
  const schema = benchSchema('p4st')
  let bench: BenchContext | undefined
  try {
    bench = await openBenchContext(url, schema)
    const { ctx } = bench
    const fixture = await createFixture(ctx, { patients: 1, observationsPerPatient: 2 })
    const cookie = await fullSessionCookie(ctx, fixture.clinician.id)
    const app = await buildApp(ctx)
    try {
      const origin = await app.listen({ host: '127.0.0.1', port: 0 })
      ctx.listening.url = origin
      const recorder = recordPgQueries()
      let result: ProbeResult
      try {
        result = await probe(origin, cookie, fixture, () => recorder.take())
      } finally {
        recorder.restore()
      }
      return {
        result,
        index: await indexRows(ctx, result.createdId, fixture.patientId),
        audit: await auditShapes(ctx),
      }
    } finally {
      await app.close()
      await ctx.audit.drain()
    }
  } finally {
    await bench?.close()
    await dropSchema(url, schema)
  }
}

async function probeBaseline(url: string): Promise<{ result: ProbeResult; index: string; audit: string[] }> {
  const schema = benchSchema('p4sb')
  let bench: BenchContext | undefined
  try {
    bench = await openBenchContext(url, schema)
    const { ctx } = bench
    const fixture = await createFixture(ctx, { patients: 1, observationsPerPatient: 2 })
    const cookie = await fullSessionCookie(ctx, fixture.clinician.id)
    const pool = rawPool(url, schema, 4)
    const server = await startRawFhirServer(pool)
    try {
      const recorder = recordPgQueries()
      let result: ProbeResult
      try {
        result = await probe(server.url, cookie, fixture, () => recorder.take())
      } finally {
        recorder.restore()
      }
      return {
        result,
        index: await indexRows(ctx, result.createdId, fixture.patientId),
        audit: await auditShapes(ctx),
      }
    } finally {
      await server.close()
      await pool.end()
    }
  } finally {
    await bench?.close()
    await dropSchema(url, schema)
  }
}

export async function compareCrudStatements(url: string): Promise<StatementReport> {
  const tessera = await probeTessera(url)
  const baseline = await probeBaseline(url)
  const lines: string[] = []
  let ok = true
  const counts = {} as Record<CrudOp, number>
  for (const op of OPS) {
    const t = tessera.result.statements[op] ?? []
    const b = baseline.result.statements[op] ?? []
    counts[op] = t.length
    const ts = tessera.result.status[op]
    const bs = baseline.result.status[op]
    if (ts !== bs) {
      ok = false
      lines.push(`${op}: Tessera answered ${ts}, the baseline ${bs}`)
    }
    const n = Math.max(t.length, b.length)
    const diffs: string[] = []
    for (let i = 0; i < n; i++) {
      if (t[i] === b[i]) continue
      diffs.push(`  #${i + 1} Tessera:  ${t[i] ?? '(none)'}`, `  #${i + 1} baseline: ${b[i] ?? '(none)'}`)
    }
    if (diffs.length) {
      ok = false
      lines.push(`${op}: statements differ`, ...diffs)
    }
  }
  if (tessera.index !== baseline.index) {
    ok = false
    lines.push(`search index rows differ:\n  Tessera:  ${tessera.index}\n  baseline: ${baseline.index}`)
  }
  if (tessera.audit.join('\n') !== baseline.audit.join('\n')) {
    ok = false
    lines.push(
      'audit events differ in shape:',
      ...tessera.audit.map((a) => `  Tessera:  ${a}`),
      ...baseline.audit.map((a) => `  baseline: ${a}`),
    )
  }
  return { ok, counts, lines }
}
