// The one place a resource version is written: current row, history row and search index, inside
// the caller's transaction. The store and account creation (a patient account is a Patient) use it.
import type { Kysely, Transaction } from 'kysely'
import type { Resource } from '@medplum/fhirtypes'
import type { Database } from '../platform/db/schema.ts'
import type { ResourceType } from './resource-types.ts'
import { indexValues } from './search-values.ts'
import type { TextProtector } from './text-protection.ts'

type Tx = Transaction<Database> | Kysely<Database>

export interface VersionToWrite {
  type: ResourceType
  id: string
  versionId: number
  lastUpdated: Date
  patientId: string | null
  /** The resource without meta.versionId / meta.lastUpdated (set here); null for a deletion. */
  resource: Resource | null
}

export interface WrittenVersion {
  type: ResourceType
  id: string
  versionId: number
  lastUpdated: Date
  patientId: string | null
  /** The JSON as the client sees it (null for a deletion). */
  json: string | null
}

export function withMeta(resource: Resource, id: string, versionId: number, lastUpdated: Date): Resource {
  return {
    ...resource,
    id,
    meta: { ...resource.meta, versionId: String(versionId), lastUpdated: lastUpdated.toISOString() },
  }
}

export async function writeVersion(
  tx: Tx,
  protector: TextProtector,
  version: VersionToWrite,
): Promise<WrittenVersion> {
  const { type, id, versionId, lastUpdated, patientId } = version
  const full = version.resource ? withMeta(version.resource, id, versionId, lastUpdated) : null
  const json = full ? JSON.stringify(full) : null
  const stored = json === null ? null : await protector.seal(type, patientId, json, tx)
  const row = {
    resource_type: type,
    id,
    version_id: versionId,
    last_updated: lastUpdated,
    deleted: full === null,
    patient_id: patientId,
    content: stored,
  }
  if (versionId === 1) {
    await tx.insertInto('fhir_resource').values(row).execute()
  } else {
    await tx
      .updateTable('fhir_resource')
      .set(row)
      .where('resource_type', '=', type)
      .where('id', '=', id)
      .execute()
    await tx
      .deleteFrom('fhir_search_index')
      .where('resource_type', '=', type)
      .where('resource_id', '=', id)
      .execute()
  }
  await tx
    .insertInto('fhir_resource_history')
    .values({ ...row, deleted: full === null })
    .execute()
  const index = full ? indexValues(type, full) : []
  if (index.length) {
    await tx
      .insertInto('fhir_search_index')
      .values(
        index.map((v) => ({
          resource_type: type,
          resource_id: id,
          param: v.param,
          system: v.system,
          value: v.value,
          date_start: v.dateStart,
          date_end: v.dateEnd,
        })),
      )
      .execute()
  }
  return { type, id, versionId, lastUpdated, patientId, json }
}
