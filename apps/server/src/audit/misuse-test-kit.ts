// People and requests for the misuse-detection integration test: a small clinic with care teams,
// and each snooping move made through the real routes (only the export, which has no route of its
// own yet, is written through the real audit writer).
import assert from 'node:assert/strict'
import type { MisuseRule } from '@tessera/contracts'
import type { TestApp } from '../testing/test-app.ts'
import { createAccount, signIn, signInPassword, someAddress, type TestAccount } from '../testing/accounts.ts'
import { generateTotp } from '../identity/totp.ts'
import type { Role } from '../identity/account-table.ts'

export interface Clinic {
  officer: TestAccount
  exporter: TestAccount
  admin: TestAccount
  /** Clinicians: a normal day, busy with a high baseline, quiet baseline, night snooper, on call, prober, MFA target. */
  normal: TestAccount
  busy: TestAccount
  quiet: TestAccount
  night: TestAccount
  onCall: TestAccount
  prober: TestAccount
  target: TestAccount
  desk: TestAccount
  guessed: TestAccount
  patients: TestAccount[]
  everyone: TestAccount[]
}

export async function createClinic(t: TestApp): Promise<Clinic> {
  const staff = async (role: Role, displayName: string) => createAccount(t, { role, displayName })
  const patients: TestAccount[] = []
  for (let i = 0; i < 45; i++) {
    patients.push(
      await createAccount(t, {
        role: 'patient',
        displayName: `Canaryname Patient${String(i).padStart(2, '0')}`,
        totp: false,
      }),
    )
  }
  const clinic: Omit<Clinic, 'everyone'> = {
    officer: await staff('privacy-officer', 'Olwen Overseer'),
    exporter: await staff('privacy-officer', 'Pia Exporter'),
    admin: await staff('admin', 'Ada Administrator'),
    normal: await staff('clinician', 'Nadia Normalday'),
    busy: await staff('clinician', 'Hugo Busyward'),
    quiet: await staff('clinician', 'Vera Quietly'),
    night: await staff('clinician', 'Otto Nightowl'),
    onCall: await staff('clinician', 'Cora Oncall'),
    prober: await staff('clinician', 'Silas Prober'),
    target: await staff('clinician', 'Mona Targeted'),
    desk: await staff('reception', 'Rhea Frontdesk'),
    guessed: await staff('reception', 'Rory Guessed'),
    patients,
  }
  const teams: Array<[TestAccount, number]> = [
    [clinic.normal, 8],
    [clinic.busy, 40],
    [clinic.quiet, 30],
    [clinic.night, 15],
    [clinic.onCall, 5],
    [clinic.prober, 2],
  ]
  for (const [clinician, size] of teams) {
    await t.ctx.db
      .insertInto('care_team')
      .values(
        patients.slice(0, size).map((p) => ({
          patient_id: p.id,
          clinician_id: clinician.id,
          source: 'assignment' as const,
          created_at: t.clock.now(),
          ends_at: null,
        })),
      )
      .execute()
  }
  const everyone = [...Object.values(clinic).filter((v): v is TestAccount => !Array.isArray(v)), ...patients]
  return { ...clinic, everyone }
}

export function caller(t: TestApp) {
  return (method: 'GET' | 'POST' | 'PATCH', url: string, cookie?: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, ...(cookie ? { cookie } : {}) },
      ...(payload ? { payload } : {}),
    })
}

/** Opens each patient's record in turn, `gapMs` apart; returns the status codes. */
export async function readPatients(
  t: TestApp,
  cookie: string,
  patients: readonly TestAccount[],
  gapMs: number,
): Promise<number[]> {
  const call = caller(t)
  const statuses: number[] = []
  for (const p of patients) {
    statuses.push((await call('GET', `/api/patients/${p.id}`, cookie)).statusCode)
    t.clock.advance(gapMs)
  }
  return statuses
}

/** A 6-digit code the account's authenticator would not show now or in the adjacent steps. */
export function wrongTotp(t: TestApp, account: TestAccount): string {
  const now = t.clock.now().getTime()
  const valid = new Set([-30_000, 0, 30_000].map((d) => generateTotp(account.totpSecret!, new Date(now + d))))
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0')
    if (!valid.has(code)) return code
  }
}

export { signIn, signInPassword }

const MIN = 60_000

/** Moves the fake clock forward to a wall time (UTC; London is on GMT in early March). */
export function clockTo(t: TestApp, iso: string): void {
  const target = Date.parse(iso)
  assert.ok(target >= t.clock.now().getTime(), `the clock only moves forward (${iso})`)
  t.clock.set(new Date(target))
}

export interface Scenario {
  name: string
  rule: MisuseRule
  actor: TestAccount
  /** Makes the snooping moves, through the real routes; the clock ends just after the last. */
  seed: () => Promise<void>
}

/** The seeded snooping scenarios (S23), in time order on Tuesday 3 March 2026. */
export function snoopingScenarios(t: TestApp, c: Clinic): Scenario[] {
  const call = caller(t)
  const at = (iso: string): void => clockTo(t, iso)
  return [
    {
      name: 'many patients in an hour against a quiet baseline',
      rule: 'volume-above-baseline',
      actor: c.quiet,
      seed: async () => {
        at('2026-03-03T10:00:00Z')
        const statuses = await readPatients(t, await signIn(t, c.quiet), c.patients.slice(0, 25), MIN)
        assert.ok(
          statuses.every((s) => s === 200),
          'on their care team: every read succeeds',
        )
        // The busy clinician reads 30 in the hour too: within 5x their own median of 8.
        await readPatients(t, await signIn(t, c.busy), c.patients.slice(0, 30), MIN)
      },
    },
    {
      name: 'an administrator opening a patient record',
      rule: 'no-care-relationship',
      actor: c.admin,
      seed: async () => {
        at('2026-03-03T11:30:00Z')
        const res = await call('GET', `/api/patients/${c.patients[30]!.id}`, await signIn(t, c.admin))
        assert.equal(res.statusCode, 404)
      },
    },
    {
      name: 'a clinician probing records outside their care team',
      rule: 'denial-storm',
      actor: c.prober,
      seed: async () => {
        at('2026-03-03T12:00:00Z')
        const statuses = await readPatients(t, await signIn(t, c.prober), c.patients.slice(10, 35), 20_000)
        assert.ok(
          statuses.every((s) => s === 404),
          'not on the care team: not found, a denied event',
        )
      },
    },
    {
      name: 'repeated wrong authenticator codes on a stolen password',
      rule: 'mfa-failures',
      actor: c.target,
      seed: async () => {
        at('2026-03-03T12:30:00Z')
        const partial = await signInPassword(t, c.target)
        for (let i = 0; i < 5; i++) {
          const res = await call('POST', '/api/auth/mfa/totp', partial, { code: wrongTotp(t, c.target) })
          assert.equal(res.statusCode, 400)
          t.clock.advance(30_000)
        }
      },
    },
    {
      name: 'password guessing against one account',
      rule: 'sign-in-failures',
      actor: c.guessed,
      seed: async () => {
        at('2026-03-03T13:00:00Z')
        for (let i = 0; i < 20; i++) {
          const res = await call('POST', '/api/auth/sign-in', undefined, {
            email: c.guessed.email,
            password: `wrong guess number ${i}`,
          })
          assert.equal(res.statusCode, 401)
          t.clock.advance(10_000)
        }
      },
    },
    {
      name: 'repeated audit exports (no export route yet: events through the real audit writer)',
      rule: 'mass-export',
      actor: c.exporter,
      seed: async () => {
        at('2026-03-03T13:30:00Z')
        for (let i = 0; i < 4; i++) {
          await t.ctx.audit.record([
            {
              action: 'audit.export',
              outcome: 'success',
              actorId: c.exporter.id,
              actorRole: 'privacy-officer',
            },
          ])
          t.clock.advance(5 * MIN)
        }
      },
    },
    {
      name: 'a care-team clinician reading a dozen records at 23:00',
      rule: 'off-hours-bulk',
      actor: c.night,
      seed: async () => {
        at('2026-03-03T23:00:00Z')
        await readPatients(t, await signIn(t, c.night), c.patients.slice(0, 12), MIN)
        // On call the same night, three patients: normal.
        await readPatients(t, await signIn(t, c.onCall), c.patients.slice(0, 3), MIN)
      },
    },
  ]
}
