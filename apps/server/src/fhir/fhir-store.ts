// The one choke point for FHIR resources: every read and write applies the access policy in SQL
// (a record the actor may not see is "not found") and returns what the audit event needs.
// Reads return the stored JSON as text, so a read never parses and re-serialises a resource.
import { randomUUID } from 'node:crypto'
import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type Expression,
  type Transaction,
} from 'kysely'
import type { Resource } from '@medplum/fhirtypes'
import type { Actor } from '../access/actor.ts'
import type { AccessPolicy } from '../access/access-policy.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { assertAllowed } from './fhir-permissions.ts'
import { TYPE_POLICIES, type ResourceType } from './resource-types.ts'
import { paramDefinition } from './search-values.ts'
import type { TextProtector } from './text-protection.ts'
import { validateResource } from './validate.ts'
import { writeVersion, type WrittenVersion } from './resource-writer.ts'
import { pharmacyRowFilter } from '../prescribing/pharmacy-visibility.ts'

export interface StoredVersion {
  type: ResourceType
  id: string
  versionId: number
  lastUpdated: Date
  patientId: string | null
  deleted: boolean
  /** The resource JSON as the client sees it (null for a deletion). */
  json: string | null
}

export interface FhirStoreDeps {
  db: Kysely<Database>
  clock: Clock
  access: AccessPolicy
  protector: TextProtector
}

type Db = Kysely<Database> | Transaction<Database>
type ResourceEb = ExpressionBuilder<Database & { r: Database['fhir_resource'] }, 'r'>

/** The same answer for a record that does not exist and one the caller may not see (S2). */
export function notFound(type: string): AppError {
  return new AppError('not-found', `No such ${type}.`)
}

/** "W/\"3\"" or "3" → 3; anything else is a 400 naming the header. */
export function versionFromEtag(etag: string): number {
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(etag.trim())
  if (!m)
    throw new AppError('invalid', 'If-Match must be a version ETag such as W/"3"', [
      { path: 'header/if-match', message: 'malformed' },
    ])
  return Number(m[1])
}

export class FhirStore {
  constructor(private readonly deps: FhirStoreDeps) {}

  /** SQL: the actor may see this row of `type` (compartment + care team / break-glass / self). */
  visible(
    eb: ResourceEb | ExpressionBuilder<never, never>,
    type: ResourceType,
    actor: Actor,
    column = 'r.patient_id',
  ): Expression<SqlBool> {
    const policy = TYPE_POLICIES[type]
    if (policy.compartment === 'shared') return sql<SqlBool>`true`
    // Pharmacists see only what was routed to their pharmacy (prescribing/pharmacy-visibility.ts).
    if (actor.role === 'pharmacist') return pharmacyRowFilter(actor.accountId)
    return this.deps.access.patientFilter(
      eb as ExpressionBuilder<Database, never>,
      sql.ref(column),
      actor,
      policy.scope,
    )
  }

  async read(actor: Actor, type: ResourceType, id: string): Promise<StoredVersion> {
    assertAllowed(actor, type, 'read')
    const row = await this.current(this.deps.db, actor, type, id)
    if (row.deleted) throw new AppError('gone', `${type}/${id} was deleted`)
    return row
  }

  async vread(actor: Actor, type: ResourceType, id: string, versionId: number): Promise<StoredVersion> {
    assertAllowed(actor, type, 'read')
    const row = await this.deps.db
      .selectFrom('fhir_resource_history as r')
      .select([
        'r.id',
        'r.version_id',
        'r.last_updated',
        'r.patient_id',
        'r.deleted',
        sql<string | null>`r.content::text`.as('json'),
      ])
      .where('r.resource_type', '=', type)
      .where('r.id', '=', id)
      .where('r.version_id', '=', versionId)
      .where((eb) => this.visible(eb, type, actor))
      .executeTakeFirst()
    if (!row) throw notFound(type)
    if (row.deleted) throw new AppError('gone', `${type}/${id} version ${versionId} is a deletion`)
    return await this.fromRow(type, row)
  }

  async create(
    actor: Actor,
    type: ResourceType,
    body: unknown,
    within?: Transaction<Database>,
  ): Promise<StoredVersion> {
    assertAllowed(actor, type, 'create')
    const resource = validateResource(body, type)
    const id = randomUUID()
    const now = this.deps.clock.now()
    const inTransaction = async <T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> =>
      within ? work(within) : this.deps.db.transaction().execute(work)
    const written = await inTransaction(async (tx) => {
      const patientId = type === 'Patient' ? id : await this.compartmentOf(tx, actor, type, resource)
      const version = await writeVersion(tx, this.deps.protector, {
        type,
        id,
        versionId: 1,
        lastUpdated: now,
        patientId,
        resource,
      })
      // Whoever registers a patient looks after them: a clinician joins the care team.
      if (type === 'Patient' && actor.role === 'clinician') {
        await tx
          .insertInto('care_team')
          .values({ patient_id: id, clinician_id: actor.accountId, source: 'assignment', created_at: now })
          .execute()
      }
      return version
    })
    return this.fromWritten(written)
  }

  async update(
    actor: Actor,
    type: ResourceType,
    id: string,
    body: unknown,
    ifMatch: string | undefined,
  ): Promise<StoredVersion> {
    assertAllowed(actor, type, 'update')
    const resource = validateResource(body, type)
    if (resource.id !== undefined && resource.id !== id) {
      throw new AppError(
        'invalid',
        `the body's id (${String(resource.id).slice(0, 64)}) is not the id in the URL`,
        [{ path: `${type}.id`, message: 'differs from the URL' }],
      )
    }
    const expected = ifMatch === undefined ? undefined : versionFromEtag(ifMatch)
    const written = await this.deps.db.transaction().execute(async (tx) => {
      const current = await this.current(tx, actor, type, id, { lock: true })
      if (current.deleted) throw new AppError('gone', `${type}/${id} was deleted`)
      if (expected !== undefined && expected !== current.versionId) {
        throw new AppError(
          'precondition-failed',
          `${type}/${id} is at version ${current.versionId}, not ${expected}; read it again and reapply your change`,
          [{ path: 'header/if-match', message: 'stale version' }],
        )
      }
      const patientId =
        type === 'Patient' ? id : await this.compartmentOf(tx, actor, type, resource, current.patientId)
      if (patientId !== current.patientId) {
        throw new AppError('invalid', `a ${type} cannot be moved to another patient`, [
          {
            path: `${type}.${TYPE_POLICIES[type].compartment === 'shared' ? 'id' : 'subject'}`,
            message: 'patient changed',
          },
        ])
      }
      return writeVersion(tx, this.deps.protector, {
        type,
        id,
        versionId: current.versionId + 1,
        lastUpdated: this.deps.clock.now(),
        patientId,
        resource,
      })
    })
    return this.fromWritten(written)
  }

  async delete(actor: Actor, type: ResourceType, id: string): Promise<StoredVersion> {
    assertAllowed(actor, type, 'delete')
    const written = await this.deps.db.transaction().execute(async (tx) => {
      const current = await this.current(tx, actor, type, id, { lock: true })
      // Deleting what is already deleted changes nothing (FHIR: delete is idempotent).
      if (current.deleted) return current
      const deletion = await writeVersion(tx, this.deps.protector, {
        type,
        id,
        versionId: current.versionId + 1,
        lastUpdated: this.deps.clock.now(),
        patientId: current.patientId,
        resource: null,
      })
      return this.fromWritten(deletion)
    })
    return written
  }

  /**
   * Creates or updates a resource of a type a module owns (`managedBy`, e.g. Appointment): the
   * module has authorised the change and decides the patient; the resource is still validated and
   * versioned like any other write. Runs inside the module's transaction.
   */
  async writeManaged(
    tx: Transaction<Database>,
    type: ResourceType,
    id: string,
    body: unknown,
    patientId: string | null,
  ): Promise<StoredVersion> {
    if (!TYPE_POLICIES[type].managedBy) throw new Error(`${type} is not a managed type`)
    const resource = validateResource({ ...(body as object), id }, type)
    const current = await tx
      .selectFrom('fhir_resource')
      .select(['version_id', 'patient_id'])
      .where('resource_type', '=', type)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (current && current.patient_id !== patientId) throw new Error(`${type}/${id} cannot change patient`)
    const written = await writeVersion(tx, this.deps.protector, {
      type,
      id,
      versionId: (current?.version_id ?? 0) + 1,
      lastUpdated: this.deps.clock.now(),
      patientId,
      resource,
    })
    return this.fromWritten(written)
  }

  /** The current row the actor may see (deleted ones included), or not-found. */
  async current(
    db: Db,
    actor: Actor,
    type: ResourceType,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<StoredVersion> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(type)
    let query = db
      .selectFrom('fhir_resource as r')
      .select([
        'r.id',
        'r.version_id',
        'r.last_updated',
        'r.patient_id',
        'r.deleted',
        sql<string | null>`r.content::text`.as('json'),
      ])
      .where('r.resource_type', '=', type)
      .where('r.id', '=', id)
      .where((eb) => this.visible(eb, type, actor))
    if (options.lock) query = query.forUpdate()
    const row = await query.executeTakeFirst()
    if (!row) throw notFound(type)
    return await this.fromRow(type, row, db)
  }

  /**
   * The one Patient a resource belongs to (S3: it must be a patient the writer may see, and it can
   * never change afterwards). Shared types belong to no patient.
   */
  async compartmentOf(
    tx: Db,
    actor: Actor,
    type: ResourceType,
    resource: Resource,
    /** On update: the locked row's patient, already checked against the policy (no second query). */
    current?: string | null,
  ): Promise<string | null> {
    const policy = TYPE_POLICIES[type]
    if (policy.compartment === 'shared' || policy.compartment === 'self') return null
    const def = paramDefinition(type, policy.compartment.param)
    const refs = new Set(
      def
        .evaluate(resource)
        .map((v) =>
          typeof v === 'object' && v !== null ? (v as { reference?: unknown }).reference : undefined,
        )
        .filter((r): r is string => typeof r === 'string'),
    )
    const path = def.expression.replace(/\.where\(.*$/, '')
    if (refs.size !== 1) {
      throw new AppError('invalid', `a ${type} must name exactly one patient (${path})`, [
        { path, message: refs.size ? 'more than one patient' : 'no patient' },
      ])
    }
    const [ref] = [...refs] as [string]
    const id = /^Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(ref)?.[1]
    if (current !== undefined && id !== undefined && id.toLowerCase() === current) return current
    const patient = id
      ? await tx
          .selectFrom('fhir_resource as r')
          .select('r.id')
          .where('r.resource_type', '=', 'Patient')
          .where('r.id', '=', id)
          .where('r.deleted', '=', false)
          .where((eb) => this.deps.access.patientFilter(eb, sql.ref('r.patient_id'), actor, policy.scope))
          .executeTakeFirst()
      : undefined
    if (!patient)
      throw new AppError('not-found', `${ref.slice(0, 80)} is not a patient you can write for`, [
        { path, message: 'unknown patient' },
      ])
    return patient.id
  }

  async fromRow(
    type: ResourceType,
    row: {
      id: string
      version_id: number
      last_updated: Date
      patient_id: string | null
      deleted: boolean
      json: string | null
    },
    db?: Db,
  ): Promise<StoredVersion> {
    const protector = this.deps.protector
    const json =
      row.json !== null && protector.protects(type)
        ? await protector.open(type, row.patient_id, row.json, db)
        : row.json
    return {
      type,
      id: row.id,
      versionId: row.version_id,
      lastUpdated: row.last_updated,
      patientId: row.patient_id,
      deleted: row.deleted,
      json,
    }
  }

  private fromWritten(w: WrittenVersion): StoredVersion {
    return { ...w, deleted: w.json === null }
  }
}
