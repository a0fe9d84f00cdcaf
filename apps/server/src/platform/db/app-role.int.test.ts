// On a PostgreSQL server the application role may append to the audit trail but not change it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { createTestDatabase } from '../../testing/test-database.ts'
import { openDatabase } from './database.ts'
import { grantAppRole } from './app-role.ts'

const url = process.env['TEST_DATABASE_URL']

test(
  'the app role can insert audit events but not update, delete or truncate them',
  { skip: !url && 'TEST_DATABASE_URL not set' },
  async () => {
    const owner = await createTestDatabase('postgres')
    const role = `tessera_app_${randomBytes(4).toString('hex')}`
    await sql.raw(`create role ${role} login`).execute(owner.db)
    try {
      await grantAppRole(owner.db, role, owner.schema)
      const asApp = await openDatabase({
        url: url!.replace(/\/\/[^@]*@/, `//${role}@`),
        schema: owner.schema,
        connectAttempts: 1,
      })
      try {
        await sql`insert into audit_event (recorded_at, action, outcome, body, leaf_hash) values (now(), 'test', 'success', '{}', '\\x00')`.execute(
          asApp.db,
        )
        const rows = await sql<{ n: string }>`select count(*)::text as n from audit_event`.execute(asApp.db)
        assert.equal(rows.rows[0]!.n, '1')
        await assert.rejects(sql`update audit_event set action = 'x'`.execute(asApp.db), /permission denied/)
        await assert.rejects(sql`delete from audit_event`.execute(asApp.db), /permission denied/)
        await assert.rejects(sql`truncate audit_event`.execute(asApp.db), /permission denied/)
        await sql`insert into job (queue, payload, run_at, max_attempts, created_at, updated_at) values ('q', '{}', now(), 1, now(), now())`.execute(
          asApp.db,
        )
        await sql`update job set state = 'done'`.execute(asApp.db)
      } finally {
        await asApp.close()
      }
    } finally {
      await owner.close()
      const admin = await openDatabase({ url: url! })
      await sql.raw(`drop owned by ${role}`).execute(admin.db)
      await sql.raw(`drop role ${role}`).execute(admin.db)
      await admin.close()
    }
  },
)
