// Shared by the document tests: an app with its own blob directory, the people of a small clinic,
// multipart bodies built by hand, and counts of everything an upload could leave behind.
import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../platform/config.ts'
import { createAccount, signIn, someAddress, type TestAccount } from '../../testing/accounts.ts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'

export interface VaultTest {
  t: TestApp
  blobDir: string
  patient: TestAccount
  otherPatient: TestAccount
  clinician: TestAccount
  outsider: TestAccount
  reception: TestAccount
  /** Cookie headers of a full session, by person. */
  cookie: Record<'patient' | 'otherPatient' | 'clinician' | 'outsider' | 'reception', string>
}

export async function vaultTest(config: Partial<Config> = {}): Promise<VaultTest> {
  const blobDir = mkdtempSync(join(tmpdir(), 'tessera-blobs-'))
  const t = await createTestApp({ config: { blobDir, ...config } })
  const patient = await createAccount(t, { role: 'patient' })
  const otherPatient = await createAccount(t, { role: 'patient' })
  const clinician = await createAccount(t, { role: 'clinician', displayName: 'Dr Vault Tester' })
  const outsider = await createAccount(t, { role: 'clinician' })
  const reception = await createAccount(t, { role: 'reception' })
  await t.ctx.db
    .insertInto('care_team')
    .values({
      patient_id: patient.id,
      clinician_id: clinician.id,
      source: 'assignment',
      created_at: t.clock.now(),
    })
    .execute()
  const people = { patient, otherPatient, clinician, outsider, reception }
  const cookie = {} as VaultTest['cookie']
  for (const [name, account] of Object.entries(people))
    cookie[name as keyof typeof people] = await signIn(t, account)
  return { t, blobDir, ...people, cookie }
}

export interface FilePart {
  data: Buffer
  filename?: string
  contentType?: string
}

/** multipart/form-data with `category` first, then `file` (or the parts given). */
export function multipartBody(
  file: FilePart | null,
  fields: Array<[string, string]> = [['category', 'identity']],
  after: Array<[string, string]> = [],
): { payload: Buffer; contentType: string } {
  const boundary = `----tessera${Math.random().toString(16).slice(2)}`
  const field = ([name, value]: [string, string]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  const parts: Buffer[] = fields.map(field)
  if (file) {
    const name = (file.filename ?? 'document.pdf').replace(/"/g, '%22')
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    )
  }
  parts.push(...after.map(field), Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

export async function upload(
  v: VaultTest,
  who: keyof VaultTest['cookie'],
  patientId: string,
  file: FilePart | null,
  fields?: Array<[string, string]>,
  after?: Array<[string, string]>,
) {
  const body = multipartBody(file, fields, after)
  return v.t.app.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/documents`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie[who], 'content-type': body.contentType },
    payload: body.payload,
  })
}

export async function download(v: VaultTest, who: keyof VaultTest['cookie'], documentId: string) {
  return v.t.app.inject({
    method: 'GET',
    url: `/api/documents/${documentId}/content`,
    remoteAddress: someAddress(),
    headers: { ...v.t.browserHeaders, cookie: v.cookie[who] },
  })
}

/** Every file under a directory (blobs and temporaries), recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out
}

/** What an upload leaves: document rows, DocumentReferences, files in the blob directory. */
export async function leftovers(v: VaultTest): Promise<{ rows: number; references: number; files: number }> {
  const rows = await v.t.ctx.db
    .selectFrom('document')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst()
  const refs = await v.t.ctx.db
    .selectFrom('fhir_resource')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('resource_type', '=', 'DocumentReference')
    .executeTakeFirst()
  return { rows: Number(rows?.n ?? 0), references: Number(refs?.n ?? 0), files: filesUnder(v.blobDir).length }
}
