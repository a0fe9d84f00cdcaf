// S24 under injected faults: a process that signs a prescription is killed (SIGKILL, a real child
// process) (a) after the signature commits and before the routing worker runs, and (b) inside the
// signing transaction as it writes the outbox row. After "restart" (a new server on the same
// database): in (a) the prescription is active and its pharmacy Task appears once the worker runs,
// exactly once even if the worker runs again; in (b) nothing half-done exists (still a draft, no
// outbox row, no task) and signing again works.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { openDatabase } from '../platform/db/database.ts'
import { migrateToLatest } from '../platform/db/migrate.ts'
import { SecretBox } from '../platform/secret-box.ts'
import type { TestDatabase } from '../testing/test-database.ts'
import { createTestApp } from '../testing/test-app.ts'
import { draftBody, prescribingTest, SERTRALINE_DETAILS } from './prescribing-test-kit.ts'

async function drainJobs(r: { t: { ctx: { jobRunner: { runDue(): Promise<number> } } } }): Promise<void> {
  for (let i = 0; i < 20 && (await r.t.ctx.jobRunner.runDue()) > 0; i++);
}

const CHILD = fileURLToPath(new URL('./testing/sign-and-die.ts', import.meta.url))
const drivers = process.env['TEST_DATABASE_URL']
  ? (['embedded', 'postgres'] as const)
  : (['embedded'] as const)

interface Place {
  dir: string
  url: string
  schema: string
}

async function open(place: Place): Promise<TestDatabase> {
  const handle = await openDatabase({
    url: place.url || undefined,
    embeddedDir: place.dir || undefined,
    schema: place.schema || undefined,
  })
  return { ...handle, schema: place.schema || undefined, url: place.url || undefined }
}

function runChild(args: string[]): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'test' },
    })
    child.on('exit', (_code, signal) => resolve(signal))
  })
}

for (const driver of drivers) {
  test(
    `S24 (${driver}): killed between signing and task creation, the task still appears; killed mid-commit, nothing half-done`,
    { timeout: 300_000 },
    async () => {
      const place: Place =
        driver === 'embedded'
          ? { dir: mkdtempSync(join(tmpdir(), 'tessera-rx-crash-')), url: '', schema: '' }
          : { dir: '', url: process.env['TEST_DATABASE_URL']!, schema: `t_${randomBytes(6).toString('hex')}` }
      const key = randomBytes(32)
      const box = SecretBox.fromKey(key)
      let database = await open(place)
      await migrateToLatest(database.db)
      const k = await prescribingTest({ database, box })
      const drafts: string[] = []
      for (let i = 0; i < 2; i++) {
        const res = await k.call(
          'prescriber',
          'POST',
          '/api/prescriptions',
          draftBody(
            k,
            'Sertraline',
            { ...SERTRALINE_DETAILS, repeats: 0 },
            i === 0 ? 'patient' : 'otherPatient',
          ),
        )
        assert.equal(res.status, 201, res.body)
        drafts.push(String(res.json['id']))
      }
      const [afterCommit, inCommit] = drafts as [string, string]
      const now = k.t.clock.now().toISOString()
      const prescriber = k.people.prescriber.id
      await k.close()
      await database.close()

      const childArgs = (point: string, id: string) => [
        point,
        id,
        prescriber,
        place.dir,
        place.url,
        place.schema,
        key.toString('base64'),
        now,
      ]
      assert.equal(await runChild(childArgs('after-commit', afterCommit)), 'SIGKILL')
      assert.equal(await runChild(childArgs('in-commit', inCommit)), 'SIGKILL')

      // Restart: a new server on the same database.
      database = await open(place)
      const r = { t: await createTestApp({ database, box }) }
      r.t.clock.set(now)
      try {
        const db = r.t.ctx.db
        const status = async (id: string) =>
          (
            await db
              .selectFrom('prescription')
              .select('status')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).status
        const tasks = async (id: string) =>
          db.selectFrom('pharmacy_task').select('id').where('prescription_id', '=', id).execute()
        const fhirTasks = async (id: string) =>
          db
            .selectFrom('fhir_resource')
            .select('id')
            .where('resource_type', '=', 'Task')
            .where(sql<boolean>`content->'focus'->>'reference' = ${`MedicationRequest/${id}`}`)
            .execute()

        // (a) committed: active, the outbox row pending, no task yet (the worker never ran).
        assert.equal(await status(afterCommit), 'active')
        assert.equal((await tasks(afterCommit)).length, 0)
        const job = await db
          .selectFrom('job')
          .select('state')
          .where('queue', '=', 'prescribing.route')
          .where('dedupe_key', '=', afterCommit)
          .executeTakeFirstOrThrow()
        assert.equal(job.state, 'pending')
        // (b) killed before commit: nothing of the signature exists.
        assert.equal(await status(inCommit), 'draft')
        assert.equal(
          (await db.selectFrom('job').select('id').where('dedupe_key', '=', inCommit).execute()).length,
          0,
        )
        assert.equal((await tasks(inCommit)).length, 0)

        // The restarted worker delivers (a); running the routing again makes no second task.
        await drainJobs(r)
        assert.equal((await tasks(afterCommit)).length, 1)
        assert.equal((await fhirTasks(afterCommit)).length, 1)
        await r.t.ctx.prescribing.handlers[0]!.run({ prescriptionId: afterCommit }, undefined as never)
        assert.equal((await tasks(afterCommit)).length, 1, 'idempotent: a worker that re-runs writes no twin')
        assert.equal((await fhirTasks(afterCommit)).length, 1)

        // (b) can be signed again, and then it flows.
        const author = {
          accountId: prescriber,
          role: 'clinician',
          prescriber: true,
          specialist: true,
          sessionId: 's',
          level: 'full',
          methods: ['totp'],
          mfaAt: r.t.clock.now(),
        } as const
        const again = await r.t.ctx.prescribing.prescriptions.sign(
          { ...author, methods: [...author.methods] },
          inCommit,
          { acknowledge: [] },
        )
        assert.equal(again.status, 'active')
        await drainJobs(r)
        assert.equal((await tasks(inCommit)).length, 1)
      } finally {
        await r.t.close()
        if (place.schema) await sql.raw(`drop schema if exists ${place.schema} cascade`).execute(database.db)
        await database.close()
      }
    },
  )
}
