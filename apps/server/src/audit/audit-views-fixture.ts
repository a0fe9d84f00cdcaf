// Test fixture for the audit views: a clinic with a privacy officer, an admin, a clinician on
// patient A's care team, reception, and two patients, each with a full session.
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import {
  cookieFrom,
  createAccount,
  nextTotp,
  signIn,
  someAddress,
  type TestAccount,
} from '../testing/accounts.ts'

export interface AuditWorld {
  t: TestApp
  officer: TestAccount
  admin: TestAccount
  clinician: TestAccount
  reception: TestAccount
  patientA: TestAccount
  patientB: TestAccount
  cookie: Record<'officer' | 'admin' | 'clinician' | 'reception' | 'patientA' | 'patientB', string>
}

export async function auditWorld(): Promise<AuditWorld> {
  const t = await createTestApp()
  const officer = await createAccount(t, { role: 'privacy-officer', displayName: 'Priya Officer' })
  const admin = await createAccount(t, { role: 'admin', displayName: 'Alex Admin' })
  const clinician = await createAccount(t, { role: 'clinician', displayName: 'Dr Ada Okafor' })
  const reception = await createAccount(t, { role: 'reception', displayName: 'Chris Reception' })
  const patientA = await createAccount(t, { role: 'patient', displayName: 'Maria Garcia' })
  const patientB = await createAccount(t, { role: 'patient', displayName: 'Tom Nguyen' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patientA.id,
      clinician_id: clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
      ends_at: null,
    })
    .execute()
  const cookie = {
    officer: await signIn(t, officer),
    admin: await signIn(t, admin),
    clinician: await signIn(t, clinician),
    reception: await signIn(t, reception),
    patientA: await signIn(t, patientA),
    patientB: await signIn(t, patientB),
  }
  return { t, officer, admin, clinician, reception, patientA, patientB, cookie }
}

/** A same-origin browser request; `address` lets a test know the source IP it will find recorded. */
export function request(
  t: TestApp,
  method: 'GET' | 'POST',
  url: string,
  cookie: string | undefined,
  options: { payload?: object; address?: string } = {},
) {
  return t.app.inject({
    method,
    url,
    remoteAddress: options.address ?? someAddress(),
    headers: { ...t.browserHeaders, ...(cookie ? { cookie } : {}) },
    ...(options.payload ? { payload: options.payload } : {}),
  })
}

/** Confirms the second factor again (step-up, S17); the session's cookie is replaced. */
export async function stepUp(t: TestApp, account: TestAccount, cookie: string): Promise<string> {
  const res = await request(t, 'POST', '/api/auth/mfa/totp', cookie, {
    payload: { code: nextTotp(t, account) },
  })
  if (res.statusCode !== 200) throw new Error(`step-up failed: ${res.statusCode} ${res.body}`)
  return cookieFrom(res.headers['set-cookie'])
}
