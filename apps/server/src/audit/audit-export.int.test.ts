// The audit export as a privacy officer (and an attacker with a hostile display name) meets it:
// step-up first (S17), CSV a spreadsheet reads safely, NDJSON one event per line, streamed page by
// page, and the export itself on the record.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createAccount } from '../testing/accounts.ts'
import { CSV_COLUMNS, exportStream } from './audit-export.ts'
import { AuditQuery } from './audit-query.ts'
import { auditWorld, request, stepUp, type AuditWorld } from './audit-views-fixture.ts'

let w: AuditWorld
const HOSTILE = [
  '=HYPERLINK("http://evil.example","click"), "x"',
  '@SUM(1+1)\nsecond line',
  '+44 7700 900000',
]

before(async () => {
  w = await auditWorld()
  for (const displayName of HOSTILE) {
    const patient = await createAccount(w.t, { role: 'patient', displayName })
    const res = await request(w.t, 'GET', `/api/patients/${patient.id}`, w.cookie.reception)
    assert.equal(res.statusCode, 200)
  }
  const read = await request(w.t, 'GET', `/api/patients/${w.patientA.id}`, w.cookie.clinician)
  assert.equal(read.statusCode, 200)
  w.cookie.officer = await stepUp(w.t, w.officer, w.cookie.officer)
})
after(() => w.t.close())

const exportAs = (query: string, cookie = w.cookie.officer) =>
  request(w.t, 'GET', `/api/audit/export?${query}`, cookie)

const countEvents = async (action: string, outcome?: 'success' | 'denied') => {
  let q = w.t.ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('action', '=', action)
  if (outcome) q = q.where('outcome', '=', outcome)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  assert.equal(cell, '', 'the file ends with a line break')
  return rows
}

test('the export needs a second factor from the last 5 minutes (S17), and a staff audit role', async () => {
  const deniedBefore = await countEvents('audit.export', 'denied')
  w.t.clock.advance(5 * 60_000 + 1000)
  const stale = await exportAs('format=csv')
  assert.equal(stale.statusCode, 403)
  assert.deepEqual(stale.json().error.details, [{ path: 'session', message: 'step-up-required' }])
  assert.equal(await countEvents('audit.export', 'denied'), deniedBefore + 1, 'the refusal is on the record')
  w.cookie.officer = await stepUp(w.t, w.officer, w.cookie.officer)
  assert.equal((await exportAs('format=csv')).statusCode, 200)
  for (const who of ['clinician', 'reception', 'patientA'] as const) {
    const res = await exportAs('format=csv', w.cookie[who])
    assert.equal(res.statusCode, 403, who)
    assert.equal(res.json().error.details, undefined, `${who}: refused for the role, not for step-up`)
  }
})

test('CSV: an attachment with a header row, RFC 4180 quoting and no cell that runs as a formula', async () => {
  const res = await exportAs('format=csv&action=patient.read')
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/)
  assert.match(
    String(res.headers['content-disposition']),
    /^attachment; filename="tessera-audit-\d{8}T\d{6}Z\.csv"$/,
  )
  const rows = parseCsv(res.body)
  assert.deepEqual(rows[0], [...CSV_COLUMNS])
  const data = rows.slice(1)
  assert.equal(data.length, await countEvents('patient.read'))
  for (const row of data) assert.equal(row.length, CSV_COLUMNS.length, `row ${row[0]} has every column`)
  const names = data.map((r) => r[CSV_COLUMNS.indexOf('patient_name')])
  assert.ok(names.includes(`'${HOSTILE[0]}`), 'a formula with quotes and a comma, defused and intact')
  assert.ok(names.includes(`'${HOSTILE[1]}`), 'a formula with a line break, defused and intact')
  assert.ok(names.includes(`'${HOSTILE[2]}`), 'a leading plus is defused')
  for (const cell of data.flat()) assert.ok(!/^[=+\-@\t\r]/.test(cell), `cell ${JSON.stringify(cell)}`)
  const okafor = data.find((r) => r[CSV_COLUMNS.indexOf('actor_name')] === 'Dr Ada Okafor')
  assert.equal(okafor?.[CSV_COLUMNS.indexOf('patient_name')], 'Maria Garcia')
  assert.equal(okafor?.[CSV_COLUMNS.indexOf('purpose')], 'care-team')
})

test('NDJSON: one event per line, each with the stored FHIR AuditEvent', async () => {
  const expected = await countEvents('patient.read')
  const res = await exportAs('format=ndjson&action=patient.read')
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /^application\/x-ndjson/)
  assert.match(String(res.headers['content-disposition']), /\.ndjson"$/)
  assert.ok(res.body.endsWith('\n'))
  const lines = res.body.trimEnd().split('\n')
  assert.equal(lines.length, expected)
  const events = lines.map((line) => JSON.parse(line))
  assert.equal(new Set(events.map((e) => e.id)).size, expected)
  for (const e of events) {
    assert.equal(e.action, 'patient.read')
    assert.equal(e.event.resourceType, 'AuditEvent')
    assert.equal(e.event.id, e.id)
    assert.equal(e.event.type.code, 'patient.read')
  }
})

test('the export itself leaves an audit.export event, naming the patient when filtered by one', async () => {
  const before = await countEvents('audit.export', 'success')
  assert.equal((await exportAs(`format=ndjson&patientId=${w.patientA.id}`)).statusCode, 200)
  assert.equal(await countEvents('audit.export', 'success'), before + 1)
  const last = await w.t.ctx.db
    .selectFrom('audit_event')
    .select(['actor_id', 'actor_role', 'patient_id'])
    .where('action', '=', 'audit.export')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  assert.deepEqual(last, { actor_id: w.officer.id, actor_role: 'privacy-officer', patient_id: w.patientA.id })
})

test('large exports stream page by page: 1,300 events arrive complete, newest first', async () => {
  const records = Array.from({ length: 1300 }, (_, i) => ({
    action: 'test.bulk',
    outcome: 'success' as const,
    actorId: w.clinician.id,
    actorRole: 'clinician',
    patientId: w.patientB.id,
    detail: String(i),
  }))
  for (let i = 0; i < records.length; i += 250) await w.t.ctx.audit.record(records.slice(i, i + 250))
  const chunks: string[] = []
  for await (const chunk of exportStream(new AuditQuery(w.t.ctx.db), { action: 'test.bulk' }, 'ndjson'))
    chunks.push(String(chunk))
  assert.ok(chunks.length >= 3, `one chunk per page of 500, got ${chunks.length}`)

  const res = await exportAs('format=csv&action=test.bulk')
  const rows = parseCsv(res.body).slice(1)
  assert.equal(rows.length, 1300)
  const details = rows.map((r) => Number(r[CSV_COLUMNS.indexOf('detail')]))
  assert.deepEqual(
    details,
    [...details].sort((a, b) => b - a),
    'newest (last written) first',
  )
})
