// Bad input never breaks the FHIR API: random search parameters, modifiers, prefixes, injection
// strings and over-long values, and random resource bodies, each answer a 2xx or a 4xx
// OperationOutcome, never a 500, and the database is unchanged by refused writes.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { createAccount, signIn } from '../testing/accounts.ts'
import { fhirCaller, type Caller } from '../testing/fhir-calls.ts'
import { RESOURCE_TYPES, TYPE_POLICIES } from './resource-types.ts'

let t: TestApp
let clinician: Caller

before(async () => {
  t = await createTestApp()
  clinician = fhirCaller(t, await signIn(t, await createAccount(t, { role: 'clinician' })))
})
after(() => t.close())

const NASTY = [
  "' or 1=1 --",
  '"; drop table fhir_resource; --',
  '%',
  '_',
  '\\',
  '\u0000',
  '😀',
  'a'.repeat(300),
  'Patient/../../etc/passwd',
  '$',
  '|',
  ',',
  '\\,',
  '1e400',
  '-0',
  'ge',
  'eq2020-13-01',
  '2020-02-30',
  'ap9999-99-99T99:99:99Z',
  'http://evil.example/Patient/1',
  '00000000-0000-0000-0000-000000000000',
]

const type = fc.constantFrom(...RESOURCE_TYPES)
const paramName = (t: (typeof RESOURCE_TYPES)[number]) =>
  fc.oneof(
    fc.constantFrom(
      ...TYPE_POLICIES[t].search,
      '_id',
      '_lastUpdated',
      '_count',
      '_sort',
      '_include',
      '_revinclude',
      '_summary',
      '_total',
      '_offset',
      '_page',
    ),
    fc.string({ maxLength: 12 }),
  )
const modifier = fc.constantFrom(
  '',
  ':missing',
  ':contains',
  ':not',
  ':exact',
  ':Patient',
  ':text',
  ':iterate',
  ':',
)
const value = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

test('fuzzed search parameters: every answer is 200 or a 4xx OperationOutcome, never 500', async () => {
  let runs = 0
  await fc.assert(
    fc.asyncProperty(
      type.chain((ty) =>
        fc.tuple(
          fc.constant(ty),
          fc.array(fc.tuple(paramName(ty), modifier, value), { minLength: 1, maxLength: 4 }),
        ),
      ),
      fc.boolean(),
      async ([ty, params], viaPost) => {
        runs++
        const query = params
          .map(([name, mod, v]) => `${encodeURIComponent(name + mod)}=${encodeURIComponent(v)}`)
          .join('&')
        const res = viaPost
          ? await clinician('POST', `${ty}/_search`, query)
          : await clinician('GET', `${ty}?${query}`)
        assert.ok(
          res.status === 200 || (res.status >= 400 && res.status < 500),
          `${ty}?${query} -> ${res.status} ${res.body.slice(0, 200)}`,
        )
        if (res.status >= 400) assert.equal(res.json.resourceType, 'OperationOutcome', `${ty}?${query}`)
      },
    ),
    { numRuns: 600 },
  )
  assert.ok(runs >= 600)
})

test('fuzzed resource bodies: refused with a 4xx naming a path, nothing half-written', async () => {
  const before = await t.ctx.db
    .selectFrom('fhir_resource_history')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  let created = 0
  await fc.assert(
    fc.asyncProperty(type, fc.jsonValue({ maxDepth: 4 }), async (ty, junk) => {
      const body =
        typeof junk === 'object' && junk !== null && !Array.isArray(junk)
          ? { ...junk, resourceType: ty }
          : junk
      const res = await clinician('POST', ty, body)
      assert.ok(
        res.status < 500,
        `${ty} ${JSON.stringify(body).slice(0, 200)} -> ${res.status} ${res.body.slice(0, 200)}`,
      )
      if (res.status === 201) created++
      else assert.equal(res.json.resourceType, 'OperationOutcome')
    }),
    { numRuns: 300 },
  )
  const afterCount = await t.ctx.db
    .selectFrom('fhir_resource_history')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  assert.equal(Number(afterCount.n) - Number(before.n), created, 'only accepted writes left a version behind')
})
