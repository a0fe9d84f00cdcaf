// The medicines catalogue and the clinic's pharmacies, managed by the admin. Each product row is
// mirrored as a FHIR Medication in the same transaction (the row is the authority; the FHIR API
// only reads it). Retiring a product hides it from new prescriptions; what was prescribed stays.
import { randomUUID } from 'node:crypto'
import type { Selectable, Transaction } from 'kysely'
import type { MedicationBody, MedicationView, PharmacyBody, PharmacyView } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import type { PrescribingDeps } from './prescribing-deps.ts'
import type { MedicationProductTable, PharmacyTable } from './prescribing-tables.ts'
import { medicationResource } from './prescribing-resources.ts'

export type ProductRow = Selectable<MedicationProductTable>
export type PharmacyRow = Selectable<PharmacyTable>

export function medicationView(p: ProductRow): MedicationView {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    form: p.form as MedicationView['form'],
    strength: p.strength,
    ...(p.thc_content ? { thcContent: p.thc_content } : {}),
    ...(p.cbd_content ? { cbdContent: p.cbd_content } : {}),
    ...(p.cd_schedule !== null ? { cdSchedule: p.cd_schedule } : {}),
    therapeuticGroup: p.therapeutic_group,
    ingredients: p.ingredients,
    unit: p.default_unit,
    active: p.active,
  }
}

export function pharmacyView(p: PharmacyRow): PharmacyView {
  return {
    id: p.id,
    name: p.name,
    address: p.address,
    ...(p.phone ? { phone: p.phone } : {}),
    active: p.active,
  }
}

const noMedication = () => new AppError('not-found', 'No such medicine.')
const noPharmacy = () => new AppError('not-found', 'No such pharmacy.')

export class CatalogueService {
  constructor(private readonly deps: PrescribingDeps) {}

  async medications(includeRetired: boolean): Promise<MedicationView[]> {
    let q = this.deps.db.selectFrom('medication_product').selectAll().orderBy('name').orderBy('strength')
    if (!includeRetired) q = q.where('active', '=', true)
    return (await q.execute()).map(medicationView)
  }

  async product(
    id: string,
    tx: Transaction<Database> | PrescribingDeps['db'] = this.deps.db,
  ): Promise<ProductRow> {
    const row = await tx.selectFrom('medication_product').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw noMedication()
    return row
  }

  async createMedication(body: MedicationBody): Promise<MedicationView> {
    checkCbpm(body)
    const now = this.deps.clock.now()
    const id = randomUUID()
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('medication_product')
        .values({ id, ...columns(body), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow()
      await this.deps.store.writeManaged(tx, 'Medication', id, medicationResource(row), null)
      return medicationView(row)
    })
  }

  async updateMedication(id: string, body: MedicationBody): Promise<MedicationView> {
    checkCbpm(body)
    return this.change(id, columns(body))
  }

  async retireMedication(id: string): Promise<MedicationView> {
    return this.change(id, { active: false })
  }

  private change(
    id: string,
    set: Partial<ReturnType<typeof columns>> & { active?: boolean },
  ): Promise<MedicationView> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('medication_product')
        .set({ ...set, updated_at: this.deps.clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw noMedication()
      await this.deps.store.writeManaged(tx, 'Medication', id, medicationResource(row), null)
      return medicationView(row)
    })
  }

  // ---------- Pharmacies ----------

  async pharmacies(withMembers: boolean, includeInactive = withMembers): Promise<PharmacyView[]> {
    let q = this.deps.db.selectFrom('pharmacy').selectAll().orderBy('name')
    if (!includeInactive) q = q.where('active', '=', true)
    const rows = await q.execute()
    if (!withMembers) return rows.map(pharmacyView)
    const members = await this.deps.db
      .selectFrom('pharmacy_member as m')
      .innerJoin('account as a', 'a.id', 'm.account_id')
      .select(['m.pharmacy_id', 'm.account_id', 'a.display_name'])
      .orderBy('a.display_name')
      .execute()
    return rows.map((p) => ({
      ...pharmacyView(p),
      members: members
        .filter((m) => m.pharmacy_id === p.id)
        .map((m) => ({ accountId: m.account_id, displayName: m.display_name })),
    }))
  }

  async pharmacy(
    id: string,
    tx: Transaction<Database> | PrescribingDeps['db'] = this.deps.db,
  ): Promise<PharmacyRow> {
    const row = await tx.selectFrom('pharmacy').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw noPharmacy()
    return row
  }

  async createPharmacy(body: PharmacyBody): Promise<PharmacyView> {
    const row = await this.deps.db
      .insertInto('pharmacy')
      .values({
        id: randomUUID(),
        name: body.name,
        address: body.address,
        phone: body.phone ?? null,
        created_at: this.deps.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return pharmacyView(row)
  }

  async updatePharmacy(id: string, body: PharmacyBody & { active?: boolean }): Promise<PharmacyView> {
    const row = await this.deps.db
      .updateTable('pharmacy')
      .set({ name: body.name, address: body.address, phone: body.phone ?? null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw noPharmacy()
    return pharmacyView(row)
  }

  /** A pharmacist works for one pharmacy: adding them here moves them from any other. */
  async addMember(pharmacyId: string, accountId: string): Promise<void> {
    await this.pharmacy(pharmacyId)
    const account = await this.deps.db
      .selectFrom('account')
      .select('role')
      .where('id', '=', accountId)
      .executeTakeFirst()
    if (account?.role !== 'pharmacist')
      throw new AppError('invalid', 'Only pharmacist accounts can join a pharmacy.', [
        { path: 'body/accountId', message: 'not a pharmacist' },
      ])
    await this.deps.db
      .insertInto('pharmacy_member')
      .values({ account_id: accountId, pharmacy_id: pharmacyId, added_at: this.deps.clock.now() })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ pharmacy_id: pharmacyId }))
      .execute()
  }

  async removeMember(pharmacyId: string, accountId: string): Promise<void> {
    const removed = await this.deps.db
      .deleteFrom('pharmacy_member')
      .where('pharmacy_id', '=', pharmacyId)
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    if (Number(removed.numDeletedRows) === 0)
      throw new AppError('not-found', 'No such pharmacist in this pharmacy.')
  }

  /** The pharmacy a pharmacist works for, or null. */
  async pharmacyOf(accountId: string): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('pharmacy_member')
      .select('pharmacy_id')
      .where('account_id', '=', accountId)
      .executeTakeFirst()
    return row?.pharmacy_id ?? null
  }
}

function columns(b: MedicationBody) {
  return {
    name: b.name,
    kind: b.kind,
    form: b.form,
    strength: b.strength,
    thc_content: b.thcContent ?? null,
    cbd_content: b.cbdContent ?? null,
    cd_schedule: b.cdSchedule ?? null,
    therapeutic_group: b.therapeuticGroup,
    ingredients: b.ingredients,
    default_unit: b.unit,
  }
}

/** A cannabis-based product states its THC and CBD content and is a controlled drug. */
function checkCbpm(b: MedicationBody): void {
  if (b.kind !== 'cbpm') return
  const field = !b.thcContent
    ? 'body/thcContent'
    : !b.cbdContent
      ? 'body/cbdContent'
      : !b.cdSchedule
        ? 'body/cdSchedule'
        : null
  if (field)
    throw new AppError(
      'invalid',
      'A cannabis-based product needs its THC and CBD content and its controlled-drug schedule.',
      [{ path: field, message: 'required for cbpm' }],
    )
}
