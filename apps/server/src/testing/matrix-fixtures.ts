// The people and records of the authorisation matrix: two patients, one clinician on patient A's
// care team only, and one of every staff role, each with a live full session.
import { randomUUID } from 'node:crypto'
import type { Role } from '../identity/account-table.ts'
import type { TestApp } from './test-app.ts'
import { createAccount, signIn, type TestAccount } from './accounts.ts'

export interface MatrixPeople {
  patientA: TestAccount
  patientB: TestAccount
  byRole: Record<Role, TestAccount>
  /** Distinctive strings of patient B's record: they must never reach anyone without access. */
  canaries: string[]
}

export const MATRIX_ROLES: readonly Role[] = [
  'patient',
  'clinician',
  'reception',
  'pharmacist',
  'admin',
  'privacy-officer',
]

export async function matrixPeople(t: TestApp): Promise<MatrixPeople> {
  const tag = randomUUID().slice(0, 8)
  const patientA = await createAccount(t, { role: 'patient', displayName: `Ada Own ${tag}` })
  const patientB = await createAccount(t, {
    role: 'patient',
    displayName: `Zebulon Canary ${tag}`,
    email: `zebulon.canary.${tag}@patient.example`,
  })
  const byRole = { patient: patientA } as Record<Role, TestAccount>
  for (const role of MATRIX_ROLES) {
    if (role !== 'patient') byRole[role] = await createAccount(t, { role, prescriber: role === 'clinician' })
  }
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patientA.id,
      clinician_id: byRole.clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
      ends_at: null,
    })
    .execute()
  return { patientA, patientB, byRole, canaries: [patientB.displayName, patientB.email] }
}

/** A live full session with a fresh second factor (so step-up routes are reachable). */
export async function freshSession(t: TestApp, account: TestAccount): Promise<string> {
  // The matrix sends wrong codes on purpose; the lockout they cause is not what it tests.
  await t.ctx.db
    .updateTable('account')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', account.id)
    .execute()
  return signIn(t, account)
}
