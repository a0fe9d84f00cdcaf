// Issue 13 (S24 across every route): the real `tessera start` is killed with SIGKILL at a random
// (seeded) moment while demo patients book and cancel, upload documents and write messages and
// Dr Okafor drafts and signs prescriptions, all at once over HTTP; then it is started again on the
// same data, three rounds. After each restart: everything that got a 2xx is there and intact
// (documents byte-equal, cancellations and signatures held), what was cut by the kill is either
// whole or absent, and nothing visible was never sent. At the end, with the server stopped, the
// database holds no half-written record (fault-invariants.ts), every signed prescription is at the
// pharmacy or still owed by the routing outbox (a job the killed process had claimed waits for its
// 5-minute lock), and `tessera audit verify` passes. Embedded PGlite always;
// the PostgreSQL server of TEST_DATABASE_URL too (a schema of its own).
// TESSERA_FAULT_SEED replays a run (the seed is printed).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { FaultWorkload, seededRandom } from '../testing/fault-workload.ts'
import { halfWritten, routingHeldByDeadLock, rowCounts } from '../testing/fault-invariants.ts'
import { LiveClinic } from '../testing/live-clinic.ts'

const ROUNDS = 3
const USERS = 8
const drivers = process.env['TEST_DATABASE_URL']
  ? (['embedded', 'postgres'] as const)
  : (['embedded'] as const)

for (const driver of drivers) {
  test(
    `kill -9 under a mixed workload (${driver}): acknowledged = durable, nothing half-written, audit verifies`,
    { timeout: 900_000 },
    async () => {
      const seed = Number(process.env['TESSERA_FAULT_SEED'] ?? Math.floor(Math.random() * 2 ** 31))
      console.log(`fault seed ${seed} (TESSERA_FAULT_SEED=${seed} replays it)`)
      const random = seededRandom(seed)
      const t0 = Date.now()
      const at = () => `${Math.round((Date.now() - t0) / 1000)} s`
      const clinic = await LiveClinic.seed({
        databaseUrl: driver === 'postgres' ? process.env['TEST_DATABASE_URL'] : undefined,
      })
      try {
        await clinic.start()
        const w = new FaultWorkload(clinic, random)
        await w.prepare()
        for (let round = 1; round <= ROUNDS; round++) {
          await w.warm()
          let stop = false
          const users = Array.from({ length: USERS }, async () => {
            while (!stop) await w.step()
          })
          // The kill lands mid-workload: once this round has some acknowledged writes (however
          // slow a loaded machine is), then after a random (seeded) further delay.
          const before = w.acknowledged()
          const started = Date.now()
          while (w.acknowledged() < before + 6 && Date.now() - started < 30_000) await sleep(50)
          await sleep(random() * 2_000)
          await clinic.kill()
          stop = true
          await Promise.all(users)
          await clinic.start()
          const visible = await w.verify()
          console.log(
            `${at()} round ${round}: acknowledged ${w.bookings.size} bookings, ${w.documents.length} documents, ` +
              `${w.messages.length} messages, ${w.prescriptions.size} prescriptions; ${w.cut} requests cut; ` +
              `visible ${JSON.stringify(visible)}; answers ${JSON.stringify(Object.fromEntries(w.statuses))}`,
          )
        }
        const routing = await w.awaitRouting()
        const visible = await w.verify()
        assert.equal(await clinic.stop(), 0, 'the restarted server stops cleanly')

        const handle = await clinic.openDatabase()
        try {
          assert.deepEqual(await halfWritten(handle.db), [])
          const rows = await rowCounts(handle.db)
          const held = await routingHeldByDeadLock(handle.db)
          console.log(
            `${at()} database: ${JSON.stringify(rows)}; signed prescriptions at the pharmacy ${routing.routed}, ` +
              `waiting ${routing.waiting} (routing jobs locked by a killed worker: ${held})`,
          )
          assert.ok(routing.waiting <= held, 'a signed prescription waits only on a killed worker’s lock')
          assert.equal(rows.documents, visible.documents, 'every document row is listed and downloads')
          assert.equal(rows.prescriptions, visible.prescriptions, 'every prescription row is listed')
          assert.equal(rows.appointments, visible.appointments, 'every appointment row is listed')
        } finally {
          await handle.close()
        }

        const audit = await clinic.auditVerify()
        assert.equal(audit.code, 0, audit.output)
        assert.match(audit.output, /audit trail verified: OK/)
        console.log(`${at()} ${audit.output.trim().split('\n').join('; ')}`)

        // The kills landed mid-workload, every kind of write was acknowledged, no answer was a 5xx.
        assert.ok(w.cut > 0, 'some requests were cut by the kills')
        assert.ok(w.bookings.size > 0 && w.documents.length > 0 && w.messages.length > 0)
        assert.ok(
          [...w.prescriptions.values()].some((p) => p.signed),
          'a signature was acknowledged',
        )
        const errors = [...w.statuses].filter(([key]) => Number(key.split(' ')[1]) >= 500)
        assert.deepEqual(errors, [], 'no request was answered with a server error')
      } finally {
        await clinic.dispose()
      }
    },
  )
}
