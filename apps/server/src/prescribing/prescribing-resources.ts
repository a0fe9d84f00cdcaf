// The FHIR R4 shapes this module writes (all module-owned: `managedBy` in fhir/resource-types.ts):
//   Medication          one per catalogue product (kind, CD schedule, THC/CBD as extensions)
//   MedicationRequest   one per prescription (draft -> active on signing -> completed | cancelled)
//   Task                the pharmacy's job for a signed prescription (code "fulfill", focus the request)
//   MedicationDispense  the supply, with batch and expiry
// Staff are named by account and pharmacies by their table id (identifier references); free text
// a dump must not show (a rejection reason, a decline message) stays sealed in the tables, never here.
import { createHash } from 'node:crypto'
import type {
  Medication,
  MedicationDispense,
  MedicationRequest,
  Organization,
  Practitioner,
  Reference,
  Task,
} from '@medplum/fhirtypes'
import type { PharmacyTaskState, PrescriptionDetails, PrescriptionStatus } from '@tessera/contracts'
import { ACCOUNT_SYSTEM } from '../vault/documents/document-resource.ts'
import type { ProductRow } from './catalogue-service.ts'

export const PHARMACY_SYSTEM = 'urn:tessera:pharmacy'
export const EXT = {
  kind: 'urn:tessera:medication-kind',
  schedule: 'urn:tessera:cd-schedule',
  thc: 'urn:tessera:thc-content',
  cbd: 'urn:tessera:cbd-content',
  group: 'urn:tessera:therapeutic-group',
  quantityWords: 'urn:tessera:quantity-in-words',
  batch: 'urn:tessera:batch',
  batchExpiry: 'urn:tessera:batch-expiry',
  handover: 'urn:tessera:handover',
} as const

// Name-based ids (RFC 9562 section 5.5, UUIDv5): the routing worker can run twice (a crash after
// its commit, before the job is marked done) and still writes the one Task of a prescription.
const NAMESPACE = Buffer.from('8b3c1f6e0d2a4c7b9e5f1a2b3c4d5e6f', 'hex')
function nameUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
export const taskIdFor = (prescriptionId: string): string => nameUuid(`pharmacy-task:${prescriptionId}`)
export const dispenseIdFor = (taskId: string): string => nameUuid(`dispense:${taskId}`)

export interface Named {
  id: string
  name: string
}

const account = (p: Named): Reference<Practitioner> => ({
  identifier: { system: ACCOUNT_SYSTEM, value: p.id },
  display: p.name,
})
const pharmacyRef = (p: Named): Reference<Organization> => ({
  identifier: { system: PHARMACY_SYSTEM, value: p.id },
  display: p.name,
})

export function medicationResource(p: ProductRow): Medication {
  return {
    resourceType: 'Medication',
    status: p.active ? 'active' : 'inactive',
    code: { text: `${p.name} ${p.strength}` },
    form: { text: p.form },
    ingredient: p.ingredients.map((i) => ({ itemCodeableConcept: { text: i }, isActive: true })),
    extension: [
      { url: EXT.kind, valueCode: p.kind },
      { url: EXT.group, valueString: p.therapeutic_group },
      ...(p.cd_schedule !== null ? [{ url: EXT.schedule, valueInteger: p.cd_schedule }] : []),
      ...(p.thc_content ? [{ url: EXT.thc, valueString: p.thc_content }] : []),
      ...(p.cbd_content ? [{ url: EXT.cbd, valueString: p.cbd_content }] : []),
    ],
  }
}

export interface RequestFacts {
  status: PrescriptionStatus
  patientId: string
  medication: Named
  unit: string
  prescriber: Named
  pharmacy: Named
  details: PrescriptionDetails
  authoredOn: Date
  signedAt: Date | null
  validUntil: Date | null
  encounterId: string | null
  priorPrescriptionId: string | null
}

const DAYS = { system: 'http://unitsofmeasure.org', code: 'd', unit: 'days' }

export function medicationRequestResource(f: RequestFacts): MedicationRequest {
  const d = f.details
  return {
    resourceType: 'MedicationRequest',
    status: f.status,
    intent: 'order',
    medicationReference: { reference: `Medication/${f.medication.id}`, display: f.medication.name },
    subject: { reference: `Patient/${f.patientId}` },
    ...(f.encounterId ? { encounter: { reference: `Encounter/${f.encounterId}` } } : {}),
    authoredOn: (f.signedAt ?? f.authoredOn).toISOString(),
    requester: account(f.prescriber),
    ...(f.priorPrescriptionId
      ? { priorPrescription: { reference: `MedicationRequest/${f.priorPrescriptionId}` } }
      : {}),
    dosageInstruction: [
      {
        text: d.doseText,
        route: { text: d.route },
        timing: {
          repeat: {
            frequency: d.frequency.times,
            period: d.frequency.period,
            periodUnit: d.frequency.periodUnit,
          },
        },
        doseAndRate: [{ doseQuantity: { value: d.dose.value, unit: d.dose.unit } }],
      },
    ],
    dispenseRequest: {
      ...(f.signedAt && f.validUntil
        ? { validityPeriod: { start: f.signedAt.toISOString(), end: f.validUntil.toISOString() } }
        : {}),
      numberOfRepeatsAllowed: d.repeats,
      quantity: {
        value: d.quantity,
        unit: f.unit,
        ...(d.quantityWords ? { extension: [{ url: EXT.quantityWords, valueString: d.quantityWords }] } : {}),
      },
      expectedSupplyDuration: { value: d.daysSupply, ...DAYS },
      ...(d.repeatIntervalDays ? { dispenseInterval: { value: d.repeatIntervalDays, ...DAYS } } : {}),
      performer: pharmacyRef(f.pharmacy),
    },
  }
}

const TASK_STATUS: Record<PharmacyTaskState, Task['status']> = {
  ready: 'requested',
  claimed: 'accepted',
  checked: 'in-progress',
  dispensed: 'completed',
  shipped: 'completed',
  collected: 'completed',
  rejected: 'rejected',
}

export interface TaskFacts {
  prescriptionId: string
  patientId: string
  pharmacy: Named
  state: PharmacyTaskState
  authoredOn: Date
  modified: Date
  dispenseId: string | null
}

export function taskResource(f: TaskFacts): Task {
  return {
    resourceType: 'Task',
    status: TASK_STATUS[f.state],
    businessStatus: { text: f.state },
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `MedicationRequest/${f.prescriptionId}` },
    for: { reference: `Patient/${f.patientId}` },
    authoredOn: f.authoredOn.toISOString(),
    lastModified: f.modified.toISOString(),
    owner: pharmacyRef(f.pharmacy),
    ...(f.dispenseId
      ? {
          output: [
            {
              type: { text: 'MedicationDispense' },
              valueReference: { reference: `MedicationDispense/${f.dispenseId}` },
            },
          ],
        }
      : {}),
  }
}

export interface DispenseFacts {
  prescriptionId: string
  patientId: string
  medication: Named
  pharmacist: Named
  quantity: number
  unit: string
  daysSupply: number
  batch: string
  expiry: string
  preparedAt: Date
  handedOver: { at: Date; method: 'shipped' | 'collected' } | null
}

export function dispenseResource(f: DispenseFacts): MedicationDispense {
  return {
    resourceType: 'MedicationDispense',
    status: 'completed',
    medicationReference: { reference: `Medication/${f.medication.id}`, display: f.medication.name },
    subject: { reference: `Patient/${f.patientId}` },
    authorizingPrescription: [{ reference: `MedicationRequest/${f.prescriptionId}` }],
    performer: [{ actor: account(f.pharmacist) }],
    quantity: { value: f.quantity, unit: f.unit },
    daysSupply: { value: f.daysSupply, ...DAYS },
    whenPrepared: f.preparedAt.toISOString(),
    ...(f.handedOver ? { whenHandedOver: f.handedOver.at.toISOString() } : {}),
    extension: [
      { url: EXT.batch, valueString: f.batch },
      { url: EXT.batchExpiry, valueDate: f.expiry },
      ...(f.handedOver ? [{ url: EXT.handover, valueCode: f.handedOver.method }] : []),
    ],
  }
}
