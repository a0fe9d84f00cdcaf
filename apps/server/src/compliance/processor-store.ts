// The processors register: the admin's list of outside services, their agreements and the hosts
// the server may connect to for them. Every change tells the egress guard to reload its allowlist.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { ProcessorBody, ProcessorView } from '@tessera/contracts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { ProcessorTable } from './processor-table.ts'

export type ProcessorRow = Selectable<ProcessorTable>

export function processorView(row: ProcessorRow): ProcessorView {
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose,
    dataCategories: row.data_categories,
    region: row.region,
    agreementSigned: row.agreement_signed,
    ...(row.agreement_expires_on ? { agreementExpiresOn: row.agreement_expires_on } : {}),
    hosts: row.hosts,
    updatedAt: row.updated_at.toISOString(),
  }
}

/** Host names compare case-insensitively and without a trailing dot. */
export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '')
}

function columns(body: ProcessorBody) {
  return {
    name: body.name.trim(),
    purpose: body.purpose,
    data_categories: JSON.stringify(body.dataCategories),
    region: body.region,
    agreement_signed: body.agreementSigned,
    agreement_expires_on: body.agreementExpiresOn ?? null,
    hosts: JSON.stringify([...new Set(body.hosts.map(normaliseHost))]),
  }
}

export class ProcessorStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly onChange: () => void | Promise<void> = () => {},
  ) {}

  async list(): Promise<ProcessorView[]> {
    const rows = await this.db.selectFrom('processor').selectAll().orderBy('name').execute()
    return rows.map(processorView)
  }

  async create(body: ProcessorBody): Promise<ProcessorView> {
    await this.assertNameFree(body.name)
    const now = this.clock.now()
    const row = await this.db
      .insertInto('processor')
      .values({ id: randomUUID(), ...columns(body), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    await this.onChange()
    return processorView(row)
  }

  async update(id: string, body: ProcessorBody): Promise<ProcessorView> {
    await this.assertNameFree(body.name, id)
    const row = await this.db
      .updateTable('processor')
      .set({ ...columns(body), updated_at: this.clock.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new AppError('not-found', 'No such processor.')
    await this.onChange()
    return processorView(row)
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.deleteFrom('processor').where('id', '=', id).executeTakeFirst()
    if (Number(result.numDeletedRows) === 0) throw new AppError('not-found', 'No such processor.')
    await this.onChange()
  }

  /** Every registered host, normalised (the egress allowlist). */
  async hosts(): Promise<string[]> {
    const rows = await this.db.selectFrom('processor').select('hosts').execute()
    return [...new Set(rows.flatMap((r) => r.hosts))]
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    let query = this.db
      .selectFrom('processor')
      .select('id')
      .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    if (exceptId) query = query.where('id', '<>', exceptId)
    if (await query.executeTakeFirst()) {
      throw new AppError('conflict', 'A processor with this name is already registered.', [
        { path: 'name', message: 'already registered' },
      ])
    }
  }
}
