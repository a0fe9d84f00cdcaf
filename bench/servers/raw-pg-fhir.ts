// Baseline for P4: the FHIR CRUD mix on bare node:http and a plain `pg` Pool (the size of Tessera's),
// running, per request, the SQL statements Tessera runs for it (captured from Tessera and compared
// statement by statement before every P4 run: lib/crud-statements.ts). No framework, no schema
// validation, no FHIR validator, no security headers, no request log, no sealed paging links; what
// it does do, it does as Tessera does, so the ratio measures Tessera's overhead, not less work:
//   every request  the session lookup (session join account by token hash), the idle/expiry checks,
//                  the last_seen_at touch at most every 10 s; the role check
//   create         begin; the patient named by `subject` visible to the actor (access policy SQL);
//                  insert fhir_resource, fhir_resource_history, the search index rows; commit
//   read           the current row with the access policy condition, content::text
//   update         begin; the current row FOR UPDATE with the access condition; If-Match; the
//                  body's patient compared with the row's; update fhir_resource; delete + insert the index rows; insert
//                  history; commit
//   search         patient + date (ge) as Tessera's EXISTS conditions on the index, access
//                  condition, order by last_updated desc, id, limit count + 1
//   audit          one event per patient touched (the same AuditEvent JSON, keys in canonical
//                  order, and its leaf hash), group-committed like audit/audit-writer.ts: one
//                  multi-row insert per commit, the response sent once its event is durable.
// Only what the mix uses is served: Observation (patient compartment), search by patient and date.
// The statements are in raw-pg-sql.ts, the audit events and their group commit in raw-pg-audit.ts.
import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { AuditBatcher, auditRow, type Actor } from './raw-pg-audit.ts'
import {
  CURRENT,
  DELETE_INDEX,
  INSERT_HISTORY,
  INSERT_RESOURCE,
  PATIENT,
  SEARCH,
  SESSION,
  TOUCH,
  UPDATE_RESOURCE,
  insertIndex,
  observationIndex,
  type ObservationBody,
} from './raw-pg-sql.ts'

const FHIR_JSON = 'application/fhir+json; charset=utf-8'
const COOKIE = '__Host-tessera='
const TOUCH_EVERY_MS = 10_000
const IDLE_STAFF_MS = 15 * 60_000
const IDLE_PATIENT_MS = 30 * 60_000
const DEFAULT_COUNT = 20

interface SessionRow {
  id: string
  level: string
  last_seen_at: Date
  expires_at: Date
  revoked_at: Date | null
  account_id: string
  role: string
  disabled_at: Date | null
}

interface StoredRow {
  id: string
  version_id: number
  last_updated: Date
  patient_id: string | null
  deleted: boolean
  json: string | null
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface RawFhirServerOptions {
  pool: pg.Pool
  /** The base of fullUrl and links (Tessera: its public URL). */
  publicUrl: () => string
}

export function rawFhirHandler(
  options: RawFhirServerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { pool } = options
  const audit = new AuditBatcher(pool)
  const base = (): string => `${options.publicUrl()}/fhir/R4`

  async function session(req: IncomingMessage): Promise<Actor> {
    const cookie = req.headers.cookie ?? ''
    const at = cookie.indexOf(COOKIE)
    if (at < 0) throw new HttpError(401, 'no session')
    const end = cookie.indexOf(';', at)
    const token = cookie.slice(at + COOKIE.length, end < 0 ? undefined : end)
    const hash = createHash('sha256').update(token, 'utf8').digest('hex')
    const { rows } = await pool.query(SESSION, [hash])
    const s = rows[0] as SessionRow | undefined
    if (!s || s.revoked_at || s.disabled_at) throw new HttpError(401, 'signed out')
    const now = Date.now()
    const idle = now - s.last_seen_at.getTime()
    if (now >= s.expires_at.getTime() || idle > (s.role === 'patient' ? IDLE_PATIENT_MS : IDLE_STAFF_MS)) {
      throw new HttpError(401, 'session ended')
    }
    if (idle >= TOUCH_EVERY_MS) await pool.query(TOUCH, [new Date(now), s.id])
    if (s.level !== 'full') throw new HttpError(401, 'mfa required')
    if (s.role !== 'clinician') throw new HttpError(403, 'role')
    return { accountId: s.account_id, role: s.role, sessionId: s.id }
  }

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    try {
      await client.query('begin')
      const out = await work(client)
      await client.query('commit')
      return out
    } catch (err) {
      await client.query('rollback')
      throw err
    } finally {
      client.release()
    }
  }

  /** The one patient `subject` names, visible to the actor (inside the write's transaction). */
  async function compartment(client: pg.PoolClient, actor: Actor, body: ObservationBody): Promise<string> {
    const id = /^Patient\/([0-9a-f-]{36})$/i.exec(body.subject?.reference ?? '')?.[1]
    if (!id) throw new HttpError(400, 'an Observation must name one patient')
    const now = new Date()
    const found = await client.query(PATIENT, [
      'Patient',
      id,
      false,
      actor.accountId,
      now,
      actor.accountId,
      now,
    ])
    if (!found.rowCount) throw new HttpError(404, 'unknown patient')
    return id
  }

  async function write(
    client: pg.PoolClient,
    body: ObservationBody,
    id: string,
    version: number,
    patientId: string,
  ): Promise<{ json: string; lastUpdated: Date }> {
    const lastUpdated = new Date()
    const full = {
      ...body,
      id,
      meta: { ...body.meta, versionId: String(version), lastUpdated: lastUpdated.toISOString() },
    }
    const json = JSON.stringify(full)
    const row = ['Observation', id, version, lastUpdated, false, patientId, json]
    if (version === 1) {
      await client.query(INSERT_RESOURCE, row)
    } else {
      await client.query(UPDATE_RESOURCE, [...row, 'Observation', id])
      await client.query(DELETE_INDEX, ['Observation', id])
    }
    await client.query(INSERT_HISTORY, row)
    const index = observationIndex(id, full)
    if (index.length) await client.query(insertIndex(index.length / 7), index)
    return { json, lastUpdated }
  }

  function parseBody(raw: string): ObservationBody {
    const body = JSON.parse(raw) as ObservationBody
    if (body.resourceType !== 'Observation') throw new HttpError(400, 'not an Observation')
    return body
  }

  function current(
    db: pg.Pool | pg.PoolClient,
    actor: Actor,
    id: string,
    lock: boolean,
  ): Promise<pg.QueryResult> {
    const now = new Date()
    return db.query(lock ? `${CURRENT} for update` : CURRENT, [
      'Observation',
      id,
      actor.accountId,
      now,
      actor.accountId,
      now,
    ])
  }

  interface Answer {
    status: number
    body: string
    headers: Record<string, string>
    verb: string
    patients: Array<string | null>
    entities: string[]
  }

  function versionAnswer(
    status: number,
    verb: string,
    id: string,
    version: number,
    lastUpdated: Date,
    patientId: string,
    json: string,
  ): Answer {
    const headers: Record<string, string> = {
      etag: `W/"${version}"`,
      'last-modified': lastUpdated.toUTCString(),
    }
    if (status === 201) headers['location'] = `${base()}/Observation/${id}/_history/${version}`
    return { status, body: json, headers, verb, patients: [patientId], entities: [`Observation/${id}`] }
  }

  async function route(req: IncomingMessage, raw: string, actor: Actor): Promise<Answer> {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const path = q < 0 ? url : url.slice(0, q)
    const byId = /^\/fhir\/R4\/Observation\/([0-9a-f-]{36})$/i.exec(path)
    if (req.method === 'POST' && path === '/fhir/R4/Observation') {
      const body = parseBody(raw)
      const id = randomUUID()
      const written = await inTransaction(async (client) => {
        const patientId = await compartment(client, actor, body)
        return { patientId, ...(await write(client, body, id, 1, patientId)) }
      })
      return versionAnswer(201, 'create', id, 1, written.lastUpdated, written.patientId, written.json)
    }
    if (req.method === 'GET' && byId) {
      const { rows } = await current(pool, actor, byId[1]!, false)
      const row = rows[0] as StoredRow | undefined
      if (!row || row.deleted || row.json === null) throw new HttpError(404, 'not known')
      return versionAnswer(200, 'read', row.id, row.version_id, row.last_updated, row.patient_id!, row.json)
    }
    if (req.method === 'PUT' && byId) {
      const id = byId[1]!
      const body = parseBody(raw)
      const ifMatch = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(req.headers['if-match'] ?? '').trim())?.[1]
      const written = await inTransaction(async (client) => {
        const row = (await current(client, actor, id, true)).rows[0] as StoredRow | undefined
        if (!row || row.deleted) throw new HttpError(404, 'not known')
        if (ifMatch !== undefined && Number(ifMatch) !== row.version_id)
          throw new HttpError(412, 'stale version')
        // As Tessera: the locked row passed the access condition, so the body's patient is compared
        // with it, not looked up again (a different patient is refused either way).
        const named = /^Patient\/(.+)$/.exec(body.subject?.reference ?? '')?.[1]
        const patientId = named === row.patient_id ? named : await compartment(client, actor, body)
        if (patientId !== row.patient_id) throw new HttpError(400, 'patient changed')
        const version = row.version_id + 1
        return { version, patientId, ...(await write(client, body, id, version, patientId)) }
      })
      return versionAnswer(
        200,
        'update',
        id,
        written.version,
        written.lastUpdated,
        written.patientId,
        written.json,
      )
    }
    if (req.method === 'GET' && path === '/fhir/R4/Observation') {
      const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
      const patient = params.get('patient')
      const date = /^ge(\d{4}-\d{2}-\d{2})$/.exec(params.get('date') ?? '')?.[1]
      if (!patient || !date) throw new HttpError(400, 'this baseline searches by patient and date=ge only')
      const now = new Date()
      const { rows } = await pool.query(SEARCH, [
        'Observation',
        false,
        actor.accountId,
        now,
        actor.accountId,
        now,
        'Observation',
        'patient',
        patient,
        'Observation',
        'date',
        new Date(`${date}T00:00:00Z`),
        DEFAULT_COUNT + 1,
        0,
      ])
      const matches = (rows as Array<StoredRow & { resource_type: string }>).slice(0, DEFAULT_COUNT)
      const self = `${base()}/Observation?${params.toString()}`
      const link = [{ relation: 'self', url: self }]
      if (rows.length > DEFAULT_COUNT)
        link.push({ relation: 'next', url: `${self}&_offset=${DEFAULT_COUNT}` })
      const entries = matches.map(
        (m) =>
          `{"fullUrl":${JSON.stringify(`${base()}/Observation/${m.id}`)},"resource":${m.json},"search":{"mode":"match"}}`,
      )
      const body =
        `{"resourceType":"Bundle","id":"${randomUUID()}","meta":{"lastUpdated":"${now.toISOString()}"},` +
        `"type":"searchset","link":${JSON.stringify(link)}${entries.length ? `,"entry":[${entries.join(',')}]` : ''}}`
      const patients = [...new Set(matches.map((m) => m.patient_id))]
      return {
        status: 200,
        body,
        headers: {},
        verb: 'search',
        patients: patients.length ? patients : [null],
        entities: matches.map((m) => `Observation/${m.id}`),
      }
    }
    throw new HttpError(404, 'not served by this baseline')
  }

  return (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const requestId = randomUUID()
        let actor: Actor | null = null
        let answer: Answer
        try {
          actor = await session(req)
          answer = await route(req, Buffer.concat(chunks).toString('utf8'), actor)
        } catch (err) {
          const status = err instanceof HttpError ? err.status : 500
          if (status === 500) console.error(err)
          const verb = req.method === 'POST' ? 'create' : req.method === 'PUT' ? 'update' : 'read'
          answer = {
            status,
            body: JSON.stringify({ error: (err as Error).message }),
            headers: {},
            verb,
            patients: [null],
            entities: [],
          }
        }
        if (actor) {
          const a = actor
          const params = answer.patients.flatMap((p) =>
            auditRow(req, requestId, a, answer.verb, answer.status, p, answer.entities),
          )
          try {
            await audit.record(params, answer.patients.length)
          } catch {
            answer = { ...answer, status: 503, body: '{"error":"audit unavailable"}', headers: {} }
          }
        }
        res.writeHead(answer.status, {
          'content-type': answer.status < 300 ? FHIR_JSON : 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(answer.body),
          ...answer.headers,
        })
        res.end(answer.body)
      })()
    })
  }
}

export interface RawFhirServer {
  url: string
  server: Server
  close(): Promise<void>
}

/** Listens on 127.0.0.1 (port 0); the pool is the caller's to end. */
export async function startRawFhirServer(pool: pg.Pool): Promise<RawFhirServer> {
  let url = ''
  const server = createServer(rawFhirHandler({ pool, publicUrl: () => url }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, server, close: () => new Promise((r) => server.close(() => r())) }
}

/** The pool Tessera's own would be: same size, same search_path, same transaction timeout. */
export function rawPool(url: string, schema: string, size: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    connectionTimeoutMillis: 5_000,
    idle_in_transaction_session_timeout: 60_000,
    options: `-c search_path=${schema}`,
  })
  pool.on('error', () => undefined)
  return pool
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env['DATABASE_URL']
  const schema = process.env['BENCH_SCHEMA']
  if (!url || !schema) throw new Error('DATABASE_URL and BENCH_SCHEMA are required')
  const pool = rawPool(url, schema, Number(process.env['BENCH_POOL_SIZE'] ?? 4))
  const running = await startRawFhirServer(pool)
  process.stdout.write(`listening at ${running.url}\n`)
  process.once('SIGTERM', () => {
    void running
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0))
  })
}
