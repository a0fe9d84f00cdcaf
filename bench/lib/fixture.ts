// The data a database-backed benchmark needs, written through the app's own code paths: a clinician
// with a confirmed TOTP factor; patients, each an account and a FHIR Patient (patient-record.ts, as
// registration makes them) on the clinician's care team; and Observations in their compartments,
// made by FhirStore.create (validation, compartment check, resource + history + search index rows)
// inside one transaction. Used by the Tessera launcher and, for the P4 baseline, by the parent.
import { randomBytes, randomUUID } from 'node:crypto'
import type { Observation } from '@medplum/fhirtypes'
import type { Actor } from '../../apps/server/src/access/actor.ts'
import type { AppContext } from '../../apps/server/src/context.ts'
import { createPatientRecord } from '../../apps/server/src/fhir/patient-record.ts'
import { hashPassword } from '../../apps/server/src/identity/password-hash.ts'
import { TOTP_CONTEXT } from '../../apps/server/src/identity/second-factor-service.ts'
import { generateTotpSecret } from '../../apps/server/src/identity/totp.ts'

export interface BenchFixture {
  clinician: { id: string; email: string; password: string; totpSecret: string }
  /** The first patient (P3 reads its first Observation). */
  patientId: string
  patientIds: string[]
  /** `observationsPerPatient` per patient, patient by patient. */
  observations: Array<{ id: string; patientId: string }>
}

export interface FixtureSize {
  patients: number
  observationsPerPatient: number
}

/** Fixture size from BENCH_FIXTURE_PATIENTS / BENCH_FIXTURE_OBSERVATIONS (launcher environment). */
export function fixtureSizeFromEnv(env: NodeJS.ProcessEnv = process.env): FixtureSize {
  return {
    patients: Math.max(Number(env['BENCH_FIXTURE_PATIENTS'] ?? 1), 1),
    observationsPerPatient: Math.max(Number(env['BENCH_FIXTURE_OBSERVATIONS'] ?? 1), 0),
  }
}

/**
 * A body weight Observation for `patientId` (LOINC 29463-7, like the test samples, without the
 * note: free text would take the protector's path, which is still plain text). `seq` varies the
 * value and the effective date, so every created resource is distinct.
 */
export function benchObservation(patientId: string, seq: number): Observation {
  const day = String(1 + (seq % 28)).padStart(2, '0')
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
            display: 'Vital Signs',
          },
        ],
        text: 'Vital Signs',
      },
    ],
    code: {
      coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }],
      text: 'Body weight',
    },
    subject: { reference: `Patient/${patientId}`, display: 'Pat Bench' },
    effectiveDateTime: `2025-06-${day}T09:05:00+02:00`,
    valueQuantity: {
      value: 60 + (seq % 400) / 10,
      unit: 'kg',
      system: 'http://unitsofmeasure.org',
      code: 'kg',
    },
  }
}

/** The clinician as the store sees them once signed in (for writing the fixture). */
function fixtureActor(clinicianId: string, now: Date): Actor {
  return {
    accountId: clinicianId,
    role: 'clinician',
    prescriber: false,
    specialist: false,
    sessionId: randomUUID(),
    level: 'full',
    methods: ['password', 'totp'],
    mfaAt: now,
  }
}

export async function createFixture(ctx: AppContext, size: FixtureSize): Promise<BenchFixture> {
  const now = ctx.clock.now()
  const password = randomBytes(18).toString('base64url')
  const clinicianId = randomUUID()
  const email = `bench-clinician-${clinicianId.slice(0, 8)}@bench.example`
  const totpSecret = generateTotpSecret()
  const patientIds = Array.from({ length: size.patients }, () => randomUUID())
  const observations: BenchFixture['observations'] = []
  const passwordHash = await hashPassword(password)
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('account')
      .values([
        {
          id: clinicianId,
          email,
          display_name: 'Dr Bench Mark',
          role: 'clinician',
          password_hash: passwordHash,
          email_verified_at: now,
          created_at: now,
        },
        ...patientIds.map((id) => ({
          id,
          email: `bench-patient-${id.slice(0, 8)}@bench.example`,
          display_name: 'Pat Bench',
          role: 'patient' as const,
          password_hash: null,
          email_verified_at: now,
          created_at: now,
        })),
      ])
      .execute()
    await tx
      .insertInto('totp_credential')
      .values({
        id: randomUUID(),
        account_id: clinicianId,
        secret_sealed: ctx.identity.box.seal(totpSecret, TOTP_CONTEXT(clinicianId)),
        confirmed_at: now,
        created_at: now,
      })
      .execute()
    const endsAt = new Date(now.getTime() + ctx.config.careTeamDays * 86_400_000)
    for (const id of patientIds) {
      await createPatientRecord(tx, {
        id,
        displayName: 'Pat Bench',
        email: `bench-patient-${id}@bench.example`,
        now,
      })
    }
    await tx
      .insertInto('care_team')
      .values(
        patientIds.map((id) => ({
          patient_id: id,
          clinician_id: clinicianId,
          source: 'assignment' as const,
          created_at: now,
          ends_at: endsAt,
        })),
      )
      .execute()
    const actor = fixtureActor(clinicianId, now)
    let seq = 0
    for (const patientId of patientIds) {
      for (let i = 0; i < size.observationsPerPatient; i++) {
        const created = await ctx.fhir.store.create(
          actor,
          'Observation',
          benchObservation(patientId, seq++),
          tx,
        )
        observations.push({ id: created.id, patientId })
      }
    }
  })
  return {
    clinician: { id: clinicianId, email, password, totpSecret },
    patientId: patientIds[0]!,
    patientIds,
    observations,
  }
}
