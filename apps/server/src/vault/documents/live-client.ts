// A client for a real `tessera start` (testing/spawn-tessera.ts), as a browser would call it:
// same-origin headers, the session cookie, multipart uploads. Used by the crash test.
import { createServer } from 'node:net'
import type { DocumentList, DocumentView } from '@tessera/contracts'
import { generateTotp } from '../../identity/totp.ts'
import { multipartBody, type FilePart } from './document-test-kit.ts'

export interface LivePerson {
  id: string
  email: string
  password: string
  totpSecret: string
}

export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

export class LiveClient {
  constructor(readonly base: string) {}

  private headers(cookie?: string): Record<string, string> {
    return { origin: this.base, 'x-tessera-request': '1', ...(cookie ? { cookie } : {}) }
  }

  /** Password, then TOTP: the Cookie header of a full session. */
  async signIn(person: LivePerson): Promise<string> {
    const first = await fetch(`${this.base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    })
    if (first.status !== 200) throw new Error(`sign-in: ${first.status} ${await first.text()}`)
    const partial = sessionCookie(first)
    const second = await fetch(`${this.base}/api/auth/mfa/totp`, {
      method: 'POST',
      headers: { ...this.headers(partial), 'content-type': 'application/json' },
      body: JSON.stringify({ code: generateTotp(person.totpSecret, new Date()) }),
    })
    if (second.status !== 200) throw new Error(`totp: ${second.status} ${await second.text()}`)
    return sessionCookie(second)
  }

  async upload(
    cookie: string,
    patientId: string,
    file: FilePart,
  ): Promise<{ status: number; view?: DocumentView }> {
    const form = multipartBody(file)
    const res = await fetch(`${this.base}/api/patients/${patientId}/documents`, {
      method: 'POST',
      headers: { ...this.headers(cookie), 'content-type': form.contentType },
      body: form.payload,
    })
    const text = await res.text()
    return res.status === 201
      ? { status: 201, view: JSON.parse(text) as DocumentView }
      : { status: res.status }
  }

  async list(cookie: string, patientId: string): Promise<DocumentView[]> {
    const res = await fetch(`${this.base}/api/patients/${patientId}/documents`, {
      headers: this.headers(cookie),
    })
    if (res.status !== 200) throw new Error(`list: ${res.status}`)
    return ((await res.json()) as DocumentList).documents
  }

  /** The whole content, or null if the server refused or cut the transfer. */
  async content(cookie: string, id: string): Promise<Buffer | null> {
    const res = await fetch(`${this.base}/api/documents/${id}/content`, { headers: this.headers(cookie) })
    if (res.status !== 200) return null
    try {
      return Buffer.from(await res.arrayBuffer())
    } catch {
      return null
    }
  }
}

function sessionCookie(res: Response): string {
  const all = res.headers.getSetCookie()
  const session = all.find((c) => c.startsWith('__Host-tessera='))
  if (!session) throw new Error('no session cookie')
  return session.split(';')[0]!
}
