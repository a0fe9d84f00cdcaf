// Shared by the prescribing tests: a clinic with the demo catalogue, two pharmacies (each with a
// pharmacist), a prescriber on the specialist register, a clinician who is not a prescriber, two
// patients who gave consent (on the prescribers' care team), an admin and reception.
import type { PrescriptionDetails, PrescriptionDraftBody } from '@tessera/contracts'
import { createAccount, mintSession, someAddress, signIn, type TestAccount } from '../testing/accounts.ts'
import { createTestApp, type TestApp, type TestAppOptions } from '../testing/test-app.ts'
import { giveConsents } from '../consult/consult-test-kit.ts'
import { DEMO_CATALOGUE, DEMO_PHARMACY } from './prescribing-demo.ts'

export const PEOPLE = [
  'patient',
  'otherPatient',
  'prescriber',
  'nonPrescriber',
  'pharmacist',
  'otherPharmacist',
  'admin',
  'reception',
] as const
export type Person = (typeof PEOPLE)[number]

export interface Reply {
  status: number
  json: Record<string, unknown>
  body: string
}

export interface PrescribingTest {
  t: TestApp
  people: Record<Person, TestAccount>
  cookie: Record<Person, string>
  /** Catalogue ids by name (DEMO_CATALOGUE). */
  med: Record<string, string>
  pharmacy: string
  otherPharmacy: string
  call(who: Person, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<Reply>
  /** A fresh session (a second factor just now) for everyone. */
  fresh(): Promise<void>
  close(): Promise<void>
}

export const SERTRALINE_DETAILS: PrescriptionDetails = {
  dose: { value: 50, unit: 'mg' },
  doseText: 'Take one tablet each morning',
  route: 'oral',
  frequency: { times: 1, period: 1, periodUnit: 'd' },
  quantity: 28,
  daysSupply: 28,
  repeats: 2,
  repeatIntervalDays: 21,
}

export const OIL_DETAILS: PrescriptionDetails = {
  dose: { value: 0.5, unit: 'ml' },
  doseText: '0.5 ml under the tongue twice a day',
  route: 'sublingual',
  frequency: { times: 2, period: 1, periodUnit: 'd' },
  quantity: 30,
  quantityWords: 'thirty millilitres',
  daysSupply: 30,
  repeats: 0,
}

export async function prescribingTest(options: TestAppOptions = {}): Promise<PrescribingTest> {
  const t = await createTestApp(options)
  t.clock.set('2026-03-02T09:00:00Z')
  const people = {} as Record<Person, TestAccount>
  for (const p of PEOPLE) {
    const role =
      p === 'patient' || p === 'otherPatient'
        ? 'patient'
        : p === 'prescriber' || p === 'nonPrescriber'
          ? 'clinician'
          : p === 'otherPharmacist'
            ? 'pharmacist'
            : p
    people[p] = await createAccount(t, {
      role,
      displayName: `${p} tester`,
      prescriber: p === 'prescriber',
      specialist: p === 'prescriber',
    })
  }
  const cookie = {} as Record<Person, string>
  for (const p of PEOPLE) cookie[p] = await signIn(t, people[p])
  await giveConsents(t, people.admin, [
    [people.patient, cookie.patient],
    [people.otherPatient, cookie.otherPatient],
  ])
  for (const clinician of [people.prescriber, people.nonPrescriber])
    for (const patient of [people.patient, people.otherPatient])
      await t.ctx.db
        .insertInto('care_team')
        .values({
          patient_id: patient.id,
          clinician_id: clinician.id,
          source: 'assignment',
          created_at: t.clock.now(),
          last_encounter_at: null,
          ends_at: null,
        })
        .execute()
  const { catalogue } = t.ctx.prescribing
  const med: Record<string, string> = {}
  for (const m of DEMO_CATALOGUE) med[m.name] = (await catalogue.createMedication(m)).id
  const pharmacy = (await catalogue.createPharmacy(DEMO_PHARMACY)).id
  const otherPharmacy = (await catalogue.createPharmacy({ name: 'Hillside Pharmacy', address: '1 Hill St' }))
    .id
  await catalogue.addMember(pharmacy, people.pharmacist.id)
  await catalogue.addMember(otherPharmacy, people.otherPharmacist.id)

  const call: PrescribingTest['call'] = async (who, method, url, body) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, cookie: cookie[who] },
      ...(body === undefined ? {} : { payload: body as object }),
    })
    const json =
      res.body && String(res.headers['content-type']).includes('json')
        ? (JSON.parse(res.body) as Record<string, unknown>)
        : {}
    return { status: res.statusCode, json, body: res.body }
  }
  return {
    t,
    people,
    cookie,
    med,
    pharmacy,
    otherPharmacy,
    call,
    fresh: async () => {
      for (const p of PEOPLE) cookie[p] = await mintSession(t, people[p])
    },
    close: () => t.close(),
  }
}

export function draftBody(
  k: PrescribingTest,
  medication: string,
  details: PrescriptionDetails,
  patient: Person = 'patient',
): PrescriptionDraftBody {
  return {
    patientId: k.people[patient].id,
    medicationId: k.med[medication]!,
    pharmacyId: k.pharmacy,
    details,
  }
}

/** Runs due jobs until none are left (routing, mail, overdue checks). */
export async function drainJobs(k: PrescribingTest): Promise<void> {
  for (let i = 0; i < 20 && (await k.t.ctx.jobRunner.runDue()) > 0; i++);
}
