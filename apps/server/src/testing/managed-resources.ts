// Tests that need resources of a module-owned type (`managedBy`, e.g. Appointment) write them the
// way the owning module does, since the FHIR API refuses to create them.
import { randomUUID } from 'node:crypto'
import { TYPE_POLICIES, type ResourceType } from '../fhir/resource-types.ts'
import type { TestApp } from './test-app.ts'

export function isManaged(type: ResourceType): boolean {
  return TYPE_POLICIES[type].managedBy !== undefined
}

/** Writes `body` as a new managed resource; its patient is the first `Patient/<id>` it names. */
export async function writeManagedForTest(t: TestApp, type: ResourceType, body: object): Promise<string> {
  const id = randomUUID()
  const patientId = /"Patient\/([0-9a-f-]{36})"/.exec(JSON.stringify(body))?.[1] ?? null
  await t.ctx.db.transaction().execute((tx) => t.ctx.fhir.store.writeManaged(tx, type, id, body, patientId))
  return id
}
