// Shared by the consent tests: a small clinic (admin, two patients, a clinician on the first
// patient's care team, one who is not, reception, a pharmacist), each signed in, and calls as them.
import type { ConsentKind, ConsentTextView, PatientConsents } from '@tessera/contracts'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'

const PEOPLE = [
  'admin',
  'patient',
  'otherPatient',
  'clinician',
  'outsider',
  'reception',
  'pharmacist',
] as const
export type Person = (typeof PEOPLE)[number]

export interface ConsentTest {
  t: TestApp
  people: Record<Person, TestAccount>
  cookie: Record<Person, string>
  call(
    who: Person,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<{ status: number; json: <T = Record<string, unknown>>() => T; body: string }>
  /** Drafts and publishes a text as the admin; returns the published version. */
  publish(kind: ConsentKind, title?: string, body?: string): Promise<ConsentTextView>
  consents(who?: Person): Promise<PatientConsents>
}

export const SAMPLE_BODY =
  'We will see you by video.\n\n## Your part\n- Join from a private place.\n- Tell us if someone is with you.'

export async function consentTest(): Promise<ConsentTest> {
  const t = await createTestApp()
  const roleOf = (p: Person) =>
    p === 'patient' || p === 'otherPatient' ? 'patient' : p === 'outsider' ? 'clinician' : p
  const people = {} as Record<Person, TestAccount>
  for (const p of PEOPLE) people[p] = await createAccount(t, { role: roleOf(p), displayName: `${p} tester` })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: people.patient.id,
      clinician_id: people.clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  const cookie = {} as Record<Person, string>
  for (const p of PEOPLE) cookie[p] = await signIn(t, people[p])

  const call: ConsentTest['call'] = async (who, method, url, payload) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, cookie: cookie[who] },
      ...(payload ? { payload } : {}),
    })
    return { status: res.statusCode, json: <T>() => res.json<T>(), body: res.body }
  }

  const fresh = async () => {
    // Publishing needs a second factor in the last 5 minutes: sign the admin in again.
    cookie.admin = await signIn(t, people.admin)
  }

  return {
    t,
    people,
    cookie,
    call,
    async publish(kind, title = `About ${kind}`, body = SAMPLE_BODY) {
      await fresh()
      const draft = await call('admin', 'POST', '/api/admin/consent-texts', { kind, title, body })
      if (draft.status !== 201) throw new Error(`draft: ${draft.status} ${draft.body}`)
      const id = draft.json<ConsentTextView>().id
      const published = await call('admin', 'POST', `/api/admin/consent-texts/${id}/publish`)
      if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.body}`)
      return published.json<ConsentTextView>()
    },
    async consents(who = 'patient') {
      const res = await call(who, 'GET', '/api/consents')
      if (res.status !== 200) throw new Error(`consents: ${res.status} ${res.body}`)
      return res.json<PatientConsents>()
    },
  }
}

export function item(consents: PatientConsents, kind: ConsentKind) {
  const found = consents.items.find((i) => i.kind === kind)
  if (!found) throw new Error(`no ${kind} in ${JSON.stringify(consents)}`)
  return found
}
