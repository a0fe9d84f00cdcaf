// S36: a populated clinic backed up, restored into a fresh instance (a new in-memory PGlite, or a
// new schema on the PostgreSQL server of TEST_DATABASE_URL): every table's rows, every document
// (downloaded and decrypted through the API) and the audit chain verify. Damaged files restore nothing.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { DocumentView } from '@tessera/contracts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'
import { createAccount, signIn } from '../../testing/accounts.ts'
import { openDatabase } from '../../platform/db/database.ts'
import type { TestDatabase } from '../../testing/test-database.ts'
import { SecretBox } from '../../platform/secret-box.ts'
import { seedDemoClinic } from '../../setup/demo-seed.ts'
import { verifyAuditTrail } from '../../audit/verify.ts'
import { readAnchorFile, type FileAnchor } from '../../audit/anchor.ts'
import { LocalMasterKeys } from '../../vault/keys/local-master-keys.ts'
import { download, upload, type VaultTest } from '../../vault/documents/document-test-kit.ts'
import { pdf } from '../../vault/documents/test-files.ts'
import { filesUnder } from '../../vault/documents/document-test-kit.ts'
import { createBackup } from './create-backup.ts'
import { restoreBackup, RestoreRefused } from './restore-backup.ts'
import { BackupUnreadable } from './backup-file.ts'
import { rowCounts } from './logical-dump.ts'
import { checkDocuments } from './check-documents.ts'
import { readBackupStatus, recordBackupRun } from './backup-records.ts'

const PASSPHRASE = 'correct horse battery staple 42'

/** An instance that was never started: no tables at all. */
async function emptyDatabase(): Promise<TestDatabase> {
  const url = process.env['TEST_DATABASE_URL']
  const schema = url ? `t_${randomBytes(6).toString('hex')}` : undefined
  const handle = await openDatabase({ url, schema, poolSize: 4 })
  return {
    ...handle,
    schema,
    url,
    close: async () => {
      if (schema) await sql.raw(`drop schema if exists ${schema} cascade`).execute(handle.db)
      await handle.close()
    },
  }
}

describe('backup and restore (S36)', () => {
  const box = SecretBox.random()
  let source: TestApp
  let v: VaultTest
  const documents: Array<{ id: string; bytes: Buffer }> = []
  const work = mkdtempSync(join(tmpdir(), 'tessera-backup-'))
  const file = join(work, 'clinic.tbk')

  before(async () => {
    const blobDir = mkdtempSync(join(tmpdir(), 'tessera-blobs-'))
    source = await createTestApp({ config: { blobDir }, box })
    await seedDemoClinic(source.ctx)
    const patient = await createAccount(source, { role: 'patient' })
    const clinician = await createAccount(source, { role: 'clinician' })
    await source.ctx.db
      .insertInto('care_team')
      .values({
        patient_id: patient.id,
        clinician_id: clinician.id,
        source: 'assignment',
        created_at: source.clock.now(),
      })
      .execute()
    const cookie = { patient: await signIn(source, patient), clinician: await signIn(source, clinician) }
    v = { t: source, blobDir, patient, clinician, cookie } as unknown as VaultTest
    // One small document and one of several 1 MiB backup frames and many 64 KiB vault segments.
    for (const bytes of [pdf({ text: 'letter' }), pdf({ padding: 2_500_000 })]) {
      const res = await upload(v, 'patient', patient.id, { data: bytes, filename: 'letter.pdf' })
      assert.equal(res.statusCode, 201, res.body)
      const id = res.json<DocumentView>().id
      const got = await download(v, 'clinician', id)
      documents.push({ id, bytes: got.rawPayload })
    }
    await source.ctx.sealer.sealOnce()
  })
  after(() => source.close())

  it('backs up a populated clinic into one encrypted file and records it', async () => {
    const result = await createBackup({
      db: source.ctx.db,
      driver: source.database.driver,
      blobDir: v.blobDir,
      passphrase: PASSPHRASE,
      out: file,
      now: () => new Date(),
    })
    assert.equal(result.summary.blobs, 2)
    assert.ok(result.summary.rows['account']! > 5)
    assert.equal(statSync(file).size, result.fileBytes)
    const raw = readFileSync(file)
    // Encrypted: neither a PDF nor a demo e-mail address in clear.
    const { email } = await source.ctx.db.selectFrom('account').select('email').executeTakeFirstOrThrow()
    assert.equal(raw.indexOf('%PDF-'), -1)
    assert.equal(raw.indexOf(email), -1)
    await recordBackupRun(source.ctx.db, {
      kind: 'backup',
      outcome: 'success',
      startedAt: new Date(),
      finishedAt: new Date(),
      driver: source.database.driver,
      backupId: result.manifest.backupId,
      bytes: result.fileBytes,
    })
    const status = await readBackupStatus(source.ctx.db)
    assert.equal(status.lastBackup?.backupId, result.manifest.backupId)
    assert.equal(status.lastRestoreTest, null)
  })

  it('restores into an empty instance: rows, documents and the audit chain verify', async () => {
    const counts = await rowCounts(source.ctx.db)
    // The backup record written after the snapshot is not inside it.
    counts['operations_backup_run'] = (counts['operations_backup_run'] ?? 1) - 1
    const target = await emptyDatabase()
    const blobDir = mkdtempSync(join(tmpdir(), 'tessera-restored-'))
    const restored = await restoreBackup({
      db: target.db,
      blobDir,
      path: file,
      passphrase: PASSPHRASE,
      masterKeys: LocalMasterKeys.derived(box),
    })
    assert.equal(restored.blobs, 2)
    assert.deepEqual(await rowCounts(target.db), counts)
    // What `tessera restore-test` checks: every document decrypts and matches its hash.
    assert.deepEqual(await checkDocuments(target.db, blobDir, LocalMasterKeys.derived(box)), {
      opened: 2,
      erased: 0,
      bad: 0,
    })

    const anchor = await readAnchorFile((source.ctx.anchor as FileAnchor).path)
    const report = await verifyAuditTrail(target.db, anchor)
    assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)))
    assert.ok(report.events >= 5, JSON.stringify({ ...report, problems: undefined }))

    // The restored instance serves the same documents to the same (restored) sessions.
    const t2 = await createTestApp({ database: target, box, config: { blobDir } })
    try {
      const v2 = { ...v, t: t2, blobDir }
      for (const doc of documents) {
        const got = await download(v2, 'clinician', doc.id)
        assert.equal(got.statusCode, 200)
        assert.ok(got.rawPayload.equals(doc.bytes))
      }
      // Identity sequences continue after the restored ids: new audit events append and verify.
      await t2.ctx.audit.record([
        { action: 'admin.seed-demo', outcome: 'success', actorId: null, actorRole: 'operator' },
      ])
      // The sealer seals below the server-wide snapshot horizon: on a PostgreSQL server shared with
      // other test files, their open transactions can hold it back for a moment, so seal until done.
      let again = await verifyAuditTrail(target.db)
      for (const end = Date.now() + 60_000; again.unsealed > 0 && Date.now() < end;) {
        await t2.ctx.sealer.sealOnce()
        again = await verifyAuditTrail(target.db)
        if (again.unsealed > 0) await new Promise((resolve) => setTimeout(resolve, 200))
      }
      assert.equal(again.ok, true, JSON.stringify(again))
      assert.equal(again.unsealed, 0, 'events written after the restore are sealed')
      assert.equal(again.events, report.events + documents.length + 1, 'the downloads and the new event')
    } finally {
      await t2.close()
      await target.close()
    }
  })

  it("refuses a non-empty instance, and keys that are not the backup's", async () => {
    await assert.rejects(
      restoreBackup({
        db: source.ctx.db,
        blobDir: mkdtempSync(join(tmpdir(), 'x-')),
        path: file,
        passphrase: PASSPHRASE,
      }),
      (err: Error) => err instanceof RestoreRefused && /not empty/.test(err.message),
    )
    const target = await emptyDatabase()
    try {
      await assert.rejects(
        restoreBackup({
          db: target.db,
          blobDir: mkdtempSync(join(tmpdir(), 'x-')),
          path: file,
          passphrase: PASSPHRASE,
          masterKeys: LocalMasterKeys.derived(SecretBox.random()),
        }),
        (err: Error) => err instanceof RestoreRefused && /master key version 1/.test(err.message),
      )
    } finally {
      await target.close()
    }
  })

  it('a truncated, altered or wrongly-keyed file is refused and restores nothing', async () => {
    const raw = readFileSync(file)
    const flipped = Buffer.from(raw)
    flipped[Math.floor(raw.length / 2)]! ^= 1
    const cases: Array<[string, Buffer, string]> = [
      ['truncated', raw.subarray(0, raw.length - 100), PASSPHRASE],
      ['cut at a segment', raw.subarray(0, 38 + 65536 + 16), PASSPHRASE],
      ['bit flipped', flipped, PASSPHRASE],
      ['wrong passphrase', raw, 'not the passphrase at all!'],
      ['not a backup', Buffer.from('hello world, this is not a backup file at all'), PASSPHRASE],
    ]
    for (const [name, bytes, passphrase] of cases) {
      const path = join(work, `${name}.tbk`)
      writeFileSync(path, bytes)
      const target = await emptyDatabase()
      const blobDir = mkdtempSync(join(tmpdir(), 'tessera-refused-'))
      try {
        await assert.rejects(
          restoreBackup({ db: target.db, blobDir, path, passphrase }),
          (err: Error) => err instanceof BackupUnreadable,
          name,
        )
        const tables = await sql<{ n: string }>`select count(*)::text as n from pg_class c
          join pg_namespace s on s.oid = c.relnamespace
          where s.nspname = current_schema() and c.relkind = 'r'`.execute(target.db)
        assert.equal(tables.rows[0]?.n, '0', `${name}: no table made`)
        assert.deepEqual(filesUnder(blobDir), [], `${name}: no blob written`)
      } finally {
        await target.close()
      }
    }
  })
})
