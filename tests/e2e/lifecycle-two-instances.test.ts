// The lifecycle suite (lifecycle.test.ts) "running as more than one machine": two Tessera instances
// sharing one PostgreSQL server and one Redis, behind a round-robin proxy without sticky sessions
// (lifecycle/round-robin-proxy.ts), so consecutive requests alternate between the instances and the
// two sides of the call are signalled through different ones. Needs TEST_DATABASE_URL and REDIS_URL
// (the embedded database belongs to one process); skipped with that reason without them.
// Screenshots: test-results/screenshots/lifecycle-multi-NN-*.png.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './harness.ts'
import { startLifecycleClinic, type LifecycleClinic } from './lifecycle/clinic.ts'
import { declareLifecycle } from './lifecycle/run-lifecycle.ts'

const databaseUrl = process.env['TEST_DATABASE_URL']
const redisUrl = process.env['REDIS_URL']
const skip =
  !databaseUrl || !redisUrl ? 'needs TEST_DATABASE_URL and REDIS_URL (two instances share them)' : false

let browser: Browser | undefined
let clinic: LifecycleClinic | undefined

declareLifecycle({
  prefix: 'lifecycle-multi',
  skip,
  async start() {
    ;[browser, clinic] = await Promise.all([
      launchBrowser(),
      startLifecycleClinic({ instances: 2, databaseUrl, redisUrl }),
    ])
    return { clinic, browser }
  },
})

test(
  'requests alternated between the instances; the two call sockets went to different ones',
  { skip },
  () => {
    const log = clinic?.proxy?.log ?? []
    const http = log.filter((l) => l.kind === 'http')
    const perInstance = [0, 1].map((i) => http.filter((l) => l.upstream === i).length)
    const calls = log.filter((l) => l.kind === 'ws' && /^\/api\/consult\/[^/]+\/socket$/.test(l.path))
    const sockets = log.filter((l) => l.kind === 'ws')
    console.log(
      `# ${http.length} HTTP requests (${perInstance.join(' / ')} per instance); ${sockets.length} WebSockets; ` +
        `call sockets on instances ${calls.map((c) => c.upstream).join(', ')}`,
    )
    assert.ok(
      perInstance.every((n) => n > 100),
      'both instances answered many requests',
    )
    assert.ok(calls.length >= 2, 'both sides opened the call socket')
    assert.deepEqual(
      calls
        .slice(0, 2)
        .map((c) => c.upstream)
        .sort(),
      [0, 1],
      'the patient and the clinician were signalled through different instances',
    )
  },
)

after(async () => {
  await browser?.close()
  await clinic?.stop()
})
