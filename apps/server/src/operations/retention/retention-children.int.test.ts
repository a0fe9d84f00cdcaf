// Children's records (S37, NHS Records Management Code of Practice): kept until the 25th birthday,
// or the 26th if the patient was 17 at the last contact, never sooner than the adult period; the
// birth date comes from the FHIR Patient. On PGlite and (TEST_DATABASE_URL) PostgreSQL.
import { after, before, describe, it, test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { RetentionFlagList } from '@tessera/contracts'
import { createAccount, signIn, someAddress, type TestAccount } from '../../testing/accounts.ts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'
import { ageAt, retentionRule } from './retention-service.ts'

const YEAR_MS = 365.25 * 24 * 3600 * 1000
const day = (d: Date) => d.toISOString().slice(0, 10)

test('retentionRule: adults 8 years; children to the 25th birthday, the 26th if 17; unknown birth date is adult', () => {
  const last = new Date('2020-03-10T09:00:00Z')
  assert.deepEqual(retentionRule(last, null, 8), {
    category: 'adult-health-record',
    retainUntil: new Date('2028-03-10T09:00:00Z'),
  })
  assert.equal(retentionRule(last, '1980-01-01', 8).category, 'adult-health-record')
  const child = retentionRule(last, '2012-07-01', 8)
  assert.equal(child.category, 'child-health-record')
  assert.equal(day(child.retainUntil), '2037-07-01')
  // 17 at the last contact (18 on 2020-03-11): the 26th birthday.
  const seventeen = retentionRule(last, '2002-03-11', 8)
  assert.equal(seventeen.category, 'child-health-record')
  assert.equal(day(seventeen.retainUntil), '2028-03-11')
  // 18 that very day: an adult.
  assert.equal(retentionRule(last, '2002-03-10', 8).category, 'adult-health-record')
  // A longer adult period wins over an earlier 25th birthday.
  assert.equal(day(retentionRule(last, '2003-01-01', 30).retainUntil), '2050-03-10')
  assert.equal(retentionRule(last, 'not a date', 8).category, 'adult-health-record')
  assert.equal(ageAt('2002-03-11', last), 17)
})

describe("children's records in the retention scan", () => {
  let t: TestApp
  let officer: TestAccount
  const people: Record<'child' | 'adult' | 'seventeen', TestAccount> = {} as never
  const setBirthDate = (id: string, birthDate: string) =>
    sql`update fhir_resource set content = jsonb_set(content::jsonb, '{birthDate}', to_jsonb(${birthDate}::text))
        where resource_type = 'Patient' and id::text = ${id}`.execute(t.ctx.db)
  const privacy = async (method: 'GET' | 'POST', url: string) =>
    t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, cookie: await signIn(t, officer) },
    })
  const flagged = async () =>
    (await privacy('GET', '/api/privacy/retention')).json<RetentionFlagList>().flagged

  before(async () => {
    t = await createTestApp()
    officer = await createAccount(t, { role: 'privacy-officer' })
    const now = t.clock.now().getTime()
    const born = (years: number) => day(new Date(now - years * YEAR_MS))
    for (const [key, age] of [
      ['child', 10],
      ['adult', 40],
      ['seventeen', 17.5],
    ] as const) {
      people[key] = await createAccount(t, { role: 'patient' })
      await setBirthDate(people[key].id, born(age))
    }
  })
  after(() => t.close())

  it('after 8.2 years only the adult is flagged; a child is not erasable', async () => {
    t.clock.advance(8.2 * YEAR_MS)
    await t.ctx.operations.retention.flagExpired()
    const list = await flagged()
    assert.deepEqual(
      list.map((f) => [f.patientId, f.category]),
      [[people.adult.id, 'adult-health-record']],
    )
    const early = await privacy('POST', `/api/privacy/retention/${people.child.id}/erase`)
    assert.equal(early.statusCode, 404)
  })

  it('a birth date corrected to a child withdraws the flag at approval: nothing is erased early', async () => {
    await setBirthDate(people.adult.id, day(new Date(t.clock.now().getTime() - 18 * YEAR_MS)))
    const refused = await privacy('POST', `/api/privacy/retention/${people.adult.id}/erase`)
    assert.equal(refused.statusCode, 409, refused.body)
    assert.deepEqual(await flagged(), [])
    const erased = await t.ctx.db
      .selectFrom('retention_review')
      .select('patient_id')
      .where('state', '=', 'erased')
      .execute()
    assert.deepEqual(erased, [])
  })

  it('the 17-year-old is flagged after the 26th birthday, the child after the 25th', async () => {
    t.clock.advance(0.5 * YEAR_MS) // 8.7 years on: 26th birthday of the one who was 17.5
    await t.ctx.operations.retention.flagExpired()
    const at87 = await flagged()
    assert.deepEqual(
      at87.map((f) => [f.patientId, f.category]),
      [[people.seventeen.id, 'child-health-record']],
    )
    t.clock.advance(6.4 * YEAR_MS) // 15.1 years on: past the 10-year-old's 25th birthday
    await t.ctx.operations.retention.flagExpired()
    const ids = (await flagged()).map((f) => f.patientId)
    assert.ok(ids.includes(people.child.id))
    const ok = await privacy('POST', `/api/privacy/retention/${people.child.id}/erase`)
    assert.equal(ok.statusCode, 200, ok.body)
  })
})
