// `tessera seed-demo`: a demo clinic to try Tessera with. Passwords are random per run and
// printed once; the command refuses to touch a database that holds any non-demo account.
import { randomBytes, randomUUID } from 'node:crypto'
import type { AppContext } from '../context.ts'
import type { Role } from '../identity/account-table.ts'
import { hashPassword } from '../identity/password-hash.ts'
import { generateTotpSecret, totpUri } from '../identity/totp.ts'
import { generateRecoveryCodes } from '../identity/recovery-codes.ts'
import { TOTP_CONTEXT } from '../identity/second-factor-service.ts'
import { createPatientRecord } from '../fhir/patient-record.ts'
import { publishSeedQuestionnaires } from '../intake/intake-seed.ts'
import { seedConsentTexts } from '../consent/consent-seed-texts.ts'
import { seedDemoConsents } from '../consent/consent-demo.ts'
import { seedSchedulingDemo } from '../scheduling/availability/scheduling-demo.ts'
import { seedMessagingDemo } from '../messaging/messaging-demo.ts'
import { seedPrescribingDemo } from '../prescribing/prescribing-demo.ts'

export interface DemoUser {
  id: string
  email: string
  displayName: string
  role: Role
  prescriber: boolean
  specialist: boolean
  password: string
  /** Base32 TOTP secret (add it to an authenticator app, or compute codes in tests). */
  totpSecret: string
  totpUri: string
  /** Ten single-use recovery codes (stored hashed). */
  recoveryCodes: string[]
}

export interface DemoClinic {
  clinic: string
  users: DemoUser[]
}

export class DemoSeedRefused extends Error {
  override readonly name = 'DemoSeedRefused'
}

type DemoSpec = Omit<DemoUser, 'id' | 'password' | 'totpSecret' | 'totpUri' | 'recoveryCodes'>

export const DEMO_USERS: readonly DemoSpec[] = [
  {
    email: 'admin@clinic.example',
    displayName: 'Alex Morgan',
    role: 'admin',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'privacy@clinic.example',
    displayName: 'Priya Shah',
    role: 'privacy-officer',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'dr.okafor@clinic.example',
    displayName: 'Dr Ada Okafor',
    role: 'clinician',
    prescriber: true,
    specialist: true,
  },
  {
    email: 'dr.lewis@clinic.example',
    displayName: 'Dr Sam Lewis',
    role: 'clinician',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'pharmacy@clinic.example',
    displayName: 'Jo Bennett',
    role: 'pharmacist',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'reception@clinic.example',
    displayName: 'Chris Doyle',
    role: 'reception',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'maria.garcia@patient.example',
    displayName: 'Maria Garcia',
    role: 'patient',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'tom.nguyen@patient.example',
    displayName: 'Tom Nguyen',
    role: 'patient',
    prescriber: false,
    specialist: false,
  },
  {
    email: 'eileen.walsh@patient.example',
    displayName: 'Eileen Walsh',
    role: 'patient',
    prescriber: false,
    specialist: false,
  },
]

/** 20 characters from a 56-symbol alphabet: ~116 bits, never on a common-password list. */
function demoPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  return [...randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('')
}

export async function seedDemoClinic(ctx: AppContext): Promise<DemoClinic> {
  const real = await ctx.db.selectFrom('account').select('id').where('is_demo', '=', false).executeTakeFirst()
  if (real)
    throw new DemoSeedRefused(
      'this database holds real accounts; seed-demo only runs on an empty or demo database',
    )
  const existing = await ctx.db
    .selectFrom('account')
    .select('id')
    .where('is_demo', '=', true)
    .executeTakeFirst()
  if (existing)
    throw new DemoSeedRefused(
      'the demo clinic is already seeded here; use a fresh --data directory to seed again',
    )

  const now = ctx.clock.now()
  const users: DemoUser[] = []
  const recoveryHashes = new Map<string, string[]>()
  for (const spec of DEMO_USERS) {
    const password = demoPassword()
    const totpSecret = generateTotpSecret()
    const id = randomUUID()
    const recovery = generateRecoveryCodes(id)
    recoveryHashes.set(id, recovery.hashes)
    users.push({
      ...spec,
      id,
      password,
      totpSecret,
      totpUri: totpUri({ secret: totpSecret, accountEmail: spec.email }),
      recoveryCodes: recovery.codes,
    })
  }
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password)))
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('account')
      .values(
        users.map((u, i) => ({
          id: u.id,
          email: u.email,
          display_name: u.displayName,
          role: u.role,
          is_prescriber: u.prescriber,
          is_specialist: u.specialist,
          password_hash: hashes[i] ?? null,
          email_verified_at: now,
          is_demo: true,
          created_at: now,
        })),
      )
      .execute()
    for (const u of users.filter((user) => user.role === 'patient')) {
      await createPatientRecord(tx, { id: u.id, displayName: u.displayName, email: u.email, now })
    }
    await tx
      .insertInto('totp_credential')
      .values(
        users.map((u) => ({
          id: randomUUID(),
          account_id: u.id,
          secret_sealed: ctx.identity.box.seal(u.totpSecret, TOTP_CONTEXT(u.id)),
          confirmed_at: now,
          created_at: now,
        })),
      )
      .execute()
    await tx
      .insertInto('recovery_code')
      .values(
        users.flatMap((u) =>
          (recoveryHashes.get(u.id) ?? []).map((code_hash) => ({ account_id: u.id, code_hash })),
        ),
      )
      .execute()
    const admin = users.find((u) => u.role === 'admin')
    if (admin) await seedConsentTexts(tx, admin.id, now)
  })
  const patients = users.filter((u) => u.role === 'patient')
  await seedDemoConsents(ctx.consent, patients)
  // The intake forms (cannabis eligibility, PHQ-9, GAD-7), through the admin's import checks.
  const formsAdmin = users.find((u) => u.role === 'admin')
  if (formsAdmin) await publishSeedQuestionnaires(ctx.intake, formsAdmin.id)
  if (formsAdmin) await seedSchedulingDemo(ctx, formsAdmin.id)
  await seedMessagingDemo(ctx, users)
  await seedPrescribingDemo(ctx, users)
  return { clinic: 'Riverside Digital Clinic (demo)', users }
}

export function formatDemoClinic(clinic: DemoClinic): string {
  const rows = clinic.users.map(
    (u) => `  ${u.role.padEnd(16)} ${u.email.padEnd(32)} ${u.password}  ${u.totpSecret}`,
  )
  return [
    `${clinic.clinic}: demo accounts (shown once: password, then the authenticator-app secret)`,
    ...rows,
  ].join('\n')
}
