// Shared by the messaging tests: a small clinic (a patient with a care-team clinician, another
// patient with no care team, a clinician outside the team, reception, a pharmacist, an admin), each
// signed in, and one-line calls to the routes as any of them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import type { Config } from '../platform/config.ts'
import type { MailTransport } from '../platform/mail/mailer.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { createTestApp } from '../testing/test-app.ts'
import type { VaultTest } from '../vault/documents/document-test-kit.ts'

const PEOPLE = {
  patient: 'patient',
  otherPatient: 'patient',
  clinician: 'clinician',
  outsider: 'clinician',
  reception: 'reception',
  pharmacist: 'pharmacist',
  admin: 'admin',
} as const
export type Who = keyof typeof PEOPLE

export type MessagingTest = VaultTest &
  Record<Who, TestAccount> & {
    cookie: Record<Who, string>
    as(
      who: Who,
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: object,
    ): Promise<LightMyRequestResponse>
  }

export async function messagingTest(
  config: Partial<Config> = {},
  mailTransport?: MailTransport,
): Promise<MessagingTest> {
  const blobDir = mkdtempSync(join(tmpdir(), 'tessera-msg-blobs-'))
  const t = await createTestApp({
    config: { blobDir, ...config },
    ...(mailTransport ? { mailTransport } : {}),
  })
  const people = {} as Record<Who, TestAccount>
  const cookie = {} as Record<Who, string>
  for (const [who, role] of Object.entries(PEOPLE) as Array<[Who, (typeof PEOPLE)[Who]]>) {
    people[who] = await createAccount(t, {
      role,
      ...(who === 'patient' ? { displayName: 'Maribel Quintero-Canary' } : {}),
      ...(who === 'clinician' ? { displayName: 'Dr Okonkwo-Canary' } : {}),
    })
    cookie[who] = await signIn(t, people[who])
  }
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: people.patient.id,
      clinician_id: people.clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  return {
    t,
    blobDir,
    ...people,
    cookie,
    as: (who, method, url, payload) =>
      t.app.inject({
        method,
        url,
        remoteAddress: someAddress(),
        headers: { ...t.browserHeaders, cookie: cookie[who] },
        ...(payload ? { payload } : {}),
      }),
  }
}

export const SUBJECT = 'Rash after the new cream'
export const FIRST_BODY = 'The rash on my left arm spread overnight. Should I stop the cream?'
