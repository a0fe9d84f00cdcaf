// The FHIR Appointment each `appointment` row is mirrored to (same id, same transaction). It names
// the patient and the clinician and the type's name; never a reason or a note.
import type { Appointment } from '@medplum/fhirtypes'
import type { AppointmentStatus } from '@tessera/contracts'
import { ACCOUNT_SYSTEM } from '../../vault/documents/document-resource.ts'

export interface AppointmentFacts {
  patientId: string
  clinicianId: string
  typeName: string
  mode: 'video' | 'phone'
  start: Date
  end: Date
  status: AppointmentStatus
  created: Date
}

/** HL7 v3 ParticipationMode codes for how the consultation happens. */
const MODE_CODE = { video: 'VIDEOCONF', phone: 'PHONE' } as const

export function appointmentResource(f: AppointmentFacts): Appointment {
  return {
    resourceType: 'Appointment',
    status: f.status,
    serviceType: [{ text: f.typeName }],
    serviceCategory: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
            code: MODE_CODE[f.mode],
          },
        ],
      },
    ],
    start: f.start.toISOString(),
    end: f.end.toISOString(),
    minutesDuration: Math.round((f.end.getTime() - f.start.getTime()) / 60_000),
    created: f.created.toISOString(),
    participant: [
      { actor: { reference: `Patient/${f.patientId}` }, required: 'required', status: 'accepted' },
      {
        // Staff are named by account, as the vault and the clinician's Schedule name them.
        actor: { type: 'Practitioner', identifier: { system: ACCOUNT_SYSTEM, value: f.clinicianId } },
        required: 'required',
        status: 'accepted',
      },
    ],
  }
}
