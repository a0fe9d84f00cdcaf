// The soak's CI variant (part of `npm test`): 20 s of the same mixed load (bench/soak.ts) on the
// embedded database, or on the PostgreSQL server of TEST_DATABASE_URL when it is set. It asserts
// that no request got an answer the step does not expect and that memory does not run away (a
// generous bound: 20 s is too short for the 10 % flatness criterion of the full soak); latencies are
// printed, never asserted (CI machines are shared).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatSoak, runSoak, soakOptionsFromEnv } from './soak.ts'

test(
  'soak smoke: 20 s of concurrent patients and clinicians, no errors, no runaway memory',
  { timeout: 600_000 },
  async () => {
    const url = process.env['TEST_DATABASE_URL']
    const options = {
      ...soakOptionsFromEnv({}),
      seconds: 20,
      warmupSeconds: 5,
      databaseUrl: url,
      log: () => undefined,
    }
    const r = await runSoak(options)
    console.log(formatSoak(r, options))
    assert.equal(r.errors, 0, `unexpected answers: ${JSON.stringify(r.errorsByRoute)}`)
    assert.ok(r.requests > 20, `the load ran (${r.requests} requests)`)
    for (const route of ['GET /api/session', 'GET /api/scheduling/slots', 'GET /fhir/R4/Patient/:id'])
      assert.ok(
        r.routes.some((x) => x.route === route && x.count > 0),
        `${route} was exercised`,
      )
    assert.ok(r.heap.length >= 2, 'the server reported its memory')
    // Runaway growth, not drift: the live heap at most doubles, RSS grows by less than 256 MB.
    assert.ok(
      r.heapLastThirdMb < 2 * r.heapFirstThirdMb,
      `live heap ${r.heapFirstThirdMb} -> ${r.heapLastThirdMb} MB`,
    )
    assert.ok(r.rssEndMb - r.rssStartMb < 256, `RSS ${r.rssStartMb} -> ${r.rssEndMb} MB`)
  },
)
