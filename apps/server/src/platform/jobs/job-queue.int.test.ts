// The job queue on every available driver: retries with backoff, a visible failed state, dedupe,
// cancellation, takeover of jobs whose worker died, and no job run twice by competing workers.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { availableDrivers, createTestDatabase } from '../../testing/test-database.ts'
import { captureLogs } from '../../testing/log-capture.ts'
import { FakeClock } from '../clock.ts'
import { JobQueue } from './job-queue.ts'
import { JobRunner } from './job-runner.ts'

for (const driver of availableDrivers()) {
  describe(`job queue on ${driver}`, () => {
    test('a job runs once when due, not before', async () => {
      const database = await createTestDatabase(driver)
      try {
        const clock = new FakeClock()
        const queue = new JobQueue(database.db, clock)
        const runner = new JobRunner(queue, captureLogs().log)
        const seen: unknown[] = []
        runner.register({ queue: 'remind', run: async (payload) => void seen.push(payload) })
        const id = await queue.enqueue(
          'remind',
          { appointmentId: 'a1' },
          { runAt: new Date(clock.now().getTime() + 60_000) },
        )
        assert.equal(await runner.runDue(), 0)
        clock.advance(60_000)
        assert.equal(await runner.runDue(), 1)
        assert.deepEqual(seen, [{ appointmentId: 'a1' }])
        assert.equal((await queue.get(id!))?.state, 'done')
        assert.equal(await runner.runDue(), 0)
      } finally {
        await database.close()
      }
    })

    test('failures retry with backoff, then stay visible as failed (never dropped)', async () => {
      const database = await createTestDatabase(driver)
      try {
        const clock = new FakeClock()
        const queue = new JobQueue(database.db, clock)
        const logs = captureLogs()
        const runner = new JobRunner(queue, logs.log)
        let calls = 0
        runner.register({
          queue: 'deliver',
          backoffMs: () => 10_000,
          run: async () => {
            calls++
            throw new Error('smtp 451 try later')
          },
        })
        const id = await queue.enqueue('deliver', { reminderId: 'r1' }, { maxAttempts: 3 })
        assert.equal(await runner.runDue(), 1)
        assert.equal(await runner.runDue(), 0, 'the retry waits for its backoff')
        clock.advance(10_000)
        await runner.runDue()
        clock.advance(10_000)
        await runner.runDue()
        clock.advance(60_000)
        assert.equal(await runner.runDue(), 0, 'no fourth attempt')
        assert.equal(calls, 3)
        const job = await queue.get(id!)
        assert.equal(job?.state, 'failed')
        assert.equal(job?.attempts, 3)
        assert.match(job?.last_error ?? '', /smtp 451/)
        assert.deepEqual(
          (await queue.failed()).map((j) => j.id),
          [id],
        )
        assert.equal((await queue.counts())['deliver']?.failed, 1)
        assert.match(logs.text(), /job failed after its last attempt/)
      } finally {
        await database.close()
      }
    })

    test('a dedupe key makes enqueueing idempotent; cancel stops a pending job', async () => {
      const database = await createTestDatabase(driver)
      try {
        const clock = new FakeClock()
        const queue = new JobQueue(database.db, clock)
        const first = await queue.enqueue(
          'remind',
          { a: 1 },
          { dedupeKey: 'appt-1:24h', runAt: new Date(clock.now().getTime() + 1000) },
        )
        const second = await queue.enqueue('remind', { a: 1 }, { dedupeKey: 'appt-1:24h' })
        assert.ok(first)
        assert.equal(second, null)
        assert.equal(await queue.cancel('remind', 'appt-1:24h'), 1)
        const runner = new JobRunner(queue, captureLogs().log)
        let ran = false
        runner.register({ queue: 'remind', run: async () => void (ran = true) })
        clock.advance(5000)
        await runner.runDue()
        assert.equal(ran, false)
        assert.equal((await queue.get(first))?.state, 'cancelled')
      } finally {
        await database.close()
      }
    })

    test('a job whose worker died is taken over when its lock expires', async () => {
      const database = await createTestDatabase(driver)
      try {
        const clock = new FakeClock()
        const queue = new JobQueue(database.db, clock)
        await queue.enqueue('route', { taskId: 't1' })
        const [claimed] = await queue.claim(['route'], 10, 60_000)
        assert.ok(claimed, 'the first worker claimed it and then "crashed"')
        const runner = new JobRunner(queue, captureLogs().log, { lockMs: 60_000 })
        let ran = 0
        runner.register({ queue: 'route', run: async () => void ran++ })
        assert.equal(await runner.runDue(), 0, 'still locked')
        clock.advance(61_000)
        assert.equal(await runner.runDue(), 1)
        assert.equal(ran, 1)
        assert.equal((await queue.get(claimed.id))?.state, 'done')
      } finally {
        await database.close()
      }
    })

    test('competing workers never run the same job twice', async () => {
      const database = await createTestDatabase(driver)
      try {
        const clock = new FakeClock()
        const queue = new JobQueue(database.db, clock)
        for (let i = 0; i < 60; i++) await queue.enqueue('work', { i })
        const runs = new Map<number, number>()
        const runners = [1, 2, 3].map(() => {
          const r = new JobRunner(queue, captureLogs().log, { batchSize: 5 })
          r.register({
            queue: 'work',
            run: async (payload) => {
              const i = payload['i'] as number
              runs.set(i, (runs.get(i) ?? 0) + 1)
              await new Promise((res) => setTimeout(res, 1))
            },
          })
          return r
        })
        for (let round = 0; round < 10; round++) await Promise.all(runners.map((r) => r.runDue()))
        assert.equal(runs.size, 60)
        assert.ok(
          [...runs.values()].every((n) => n === 1),
          'every job ran exactly once',
        )
      } finally {
        await database.close()
      }
    })
  })
}
