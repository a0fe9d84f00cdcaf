// Shared by the intake tests: an app with the seed forms published, a small clinic (two patients, a
// clinician on the first one's care team, another clinician, reception, an admin), each signed in,
// and JSON calls through app.inject.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { createAccount, signIn, someAddress, type TestAccount } from '../testing/accounts.ts'
import { createTestApp, type TestApp } from '../testing/test-app.ts'
import { multipartBody } from '../vault/documents/document-test-kit.ts'
import { pdf } from '../vault/documents/test-files.ts'
import { publishSeedQuestionnaires } from './intake-seed.ts'

export type Person = 'patient' | 'otherPatient' | 'clinician' | 'outsider' | 'reception' | 'admin'

export interface IntakeTest {
  t: TestApp
  people: Record<Person, TestAccount>
  cookie: Record<Person, string>
  call(who: Person | null, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<Reply>
  close(): Promise<void>
}

export interface Reply {
  status: number
  // Tests read the JSON answers loosely and assert on their fields.
  json: Record<string, unknown> & { [key: string]: unknown }
  body: string
}

export async function intakeTest(): Promise<IntakeTest> {
  const blobDir = mkdtempSync(join(tmpdir(), 'tessera-intake-blobs-'))
  const t = await createTestApp({ config: { blobDir } })
  const people = {
    patient: await createAccount(t, { role: 'patient', displayName: 'Maria Intake' }),
    otherPatient: await createAccount(t, { role: 'patient', displayName: 'Zed Other' }),
    clinician: await createAccount(t, { role: 'clinician', displayName: 'Dr Intake' }),
    outsider: await createAccount(t, { role: 'clinician' }),
    reception: await createAccount(t, { role: 'reception' }),
    admin: await createAccount(t, { role: 'admin' }),
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
  await publishSeedQuestionnaires(t.ctx.intake, people.admin.id)
  const cookie = {} as Record<Person, string>
  for (const [name, account] of Object.entries(people)) cookie[name as Person] = await signIn(t, account)
  const call: IntakeTest['call'] = async (who, method, url, body) => {
    const res = await t.app.inject({
      method,
      url,
      remoteAddress: someAddress(),
      headers: { ...t.browserHeaders, ...(who ? { cookie: cookie[who] } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    })
    const json = res.body ? (JSON.parse(res.body) as Reply['json']) : {}
    return { status: res.statusCode, json, body: res.body }
  }
  return { t, people, cookie, call, close: () => t.close() }
}

/** Uploads a small PDF to the patient's vault as `who`; returns the document id. */
export async function uploadPdf(it: IntakeTest, who: Person, patientId: string): Promise<string> {
  const { payload, contentType } = multipartBody(
    { data: pdf({ text: 'Summary of care' }), filename: 'summary.pdf', contentType: 'application/pdf' },
    [['category', 'summary-of-care']],
  )
  const res = await it.t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/documents`,
    remoteAddress: someAddress(),
    headers: { ...it.t.browserHeaders, cookie: it.cookie[who], 'content-type': contentType },
    payload,
  })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  return (JSON.parse(res.body) as { id: string }).id
}

const coding = (system: string, code: string) => ({ valueCoding: { system, code } })
const yes = (linkId: string, value: boolean): QuestionnaireResponseItem => ({
  linkId,
  answer: [{ valueBoolean: value }],
})
const text = (linkId: string, value: string): QuestionnaireResponseItem => ({
  linkId,
  answer: [{ valueString: value }],
})
const scale = (linkId: string, n: number): QuestionnaireResponseItem => ({
  linkId,
  answer: [{ valueInteger: n }],
})

/** The first two sections of the cannabis intake, answered (as a patient stops halfway). */
export function cannabisFirstHalf(): QuestionnaireResponseItem[] {
  return [
    {
      linkId: 'about',
      item: [
        { linkId: 'sex', answer: [coding('http://hl7.org/fhir/administrative-gender', 'female')] },
        yes('pregnancy', false),
      ],
    },
    {
      linkId: 'condition',
      item: [
        {
          linkId: 'condition-primary',
          answer: [coding('urn:tessera:codes:cannabis-condition', 'chronic-pain')],
        },
      ],
    },
  ]
}

/** A complete, valid cannabis intake; `attachmentUrl` answers the summary-of-care upload. */
export function cannabisComplete(attachmentUrl?: string): QuestionnaireResponseItem[] {
  return [
    ...cannabisFirstHalf(),
    {
      linkId: 'severity',
      item: [
        scale('severity-pain', 8),
        scale('severity-sleep', 6),
        scale('severity-mood', 4),
        scale('severity-anxiety', 3),
        scale('severity-daily-life', 7),
        text('severity-impact', 'I cannot walk far.'),
      ],
    },
    {
      linkId: 'treatments',
      item: [
        { linkId: 'treatments-tried', answer: [coding('urn:tessera:codes:treatment', 'paracetamol')] },
        {
          linkId: 'treatments-outcome',
          answer: [coding('urn:tessera:codes:treatment-outcome', 'no-benefit')],
        },
      ],
    },
    {
      linkId: 'mental-health',
      item: [yes('psychosis-history', true), text('psychosis-details', 'In 2010.')],
    },
    {
      linkId: 'medicines',
      item: [
        yes('takes-medicines', true),
        { linkId: 'medicine', item: [text('medicine-name', 'Sertraline'), text('medicine-dose', '50 mg')] },
      ],
    },
    { linkId: 'allergies', item: [yes('has-allergies', false)] },
    { linkId: 'gp', item: [yes('has-gp', false)] },
    ...(attachmentUrl
      ? [
          {
            linkId: 'documents',
            item: [
              {
                linkId: 'summary-of-care',
                answer: [{ valueAttachment: { url: attachmentUrl, title: 'summary.pdf' } }],
              },
            ],
          },
        ]
      : []),
    { linkId: 'declaration', item: [yes('declaration-accurate', true)] },
  ]
}

/** PHQ-9 answered with these scores (0-3) for items 1-9. */
export function phq9Items(scores: readonly number[]): QuestionnaireResponseItem[] {
  const codes = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9']
  return [
    {
      linkId: 'phq9',
      item: scores.map((s, i) => ({
        linkId: `phq9-${i + 1}`,
        answer: [{ valueCoding: { system: 'http://loinc.org', code: codes[s] ?? 'LA6568-5' } }],
      })),
    },
  ]
}
