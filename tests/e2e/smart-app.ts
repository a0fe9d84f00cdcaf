// A tiny SMART app for the browser test, built on the real SMART JS client (fhirclient, its Node
// entry): /launch starts a standalone patient launch at Tessera, /callback finishes it and shows
// the patient's name read through the FHIR API with the app's token, /again reads it once more.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import smart from 'fhirclient/lib/entry/node.js'

export interface TestSmartApp {
  url: string
  redirectUri: string
  close(): Promise<void>
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

interface PatientResource {
  name?: Array<{ text?: string; given?: string[]; family?: string }>
}

function nameOf(patient: PatientResource): string {
  const name = patient.name?.[0]
  return name?.text ?? [...(name?.given ?? []), name?.family ?? ''].join(' ').trim()
}

export interface SmartAppOptions {
  iss: string
  scope: string
  /** Known once the clinic registered the app (which needs the app's address first). */
  clientId: () => string
}

export async function startSmartApp(options: SmartAppOptions): Promise<TestSmartApp> {
  // One person uses this app in the test: one in-memory session store (fhirclient's Storage).
  const store = new Map<string, unknown>()
  const storage = {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: unknown) => {
      store.set(key, value)
      return value
    },
    unset: async (key: string) => store.delete(key),
  }

  const readPatient = async (req: IncomingMessage, res: ServerResponse) => {
    const client = await smart(req, res, storage).ready()
    const patient = await client.request<PatientResource>(`Patient/${client.patient.id ?? ''}`)
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      page(
        'Garcia Health Diary',
        `<p>Signed in with Tessera. Patient: <strong>${escape(nameOf(patient))}</strong></p>`,
      ),
    )
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const handle = async () => {
      if (path === '/launch') {
        await smart(req, res, storage).authorize({
          iss: options.iss,
          clientId: options.clientId(),
          scope: options.scope,
          redirectUri: '/callback',
          pkceMode: 'required',
        })
      } else if (path === '/callback' || path === '/again') {
        await readPatient(req, res)
      } else {
        // Nothing else, not even a favicon (a 404 would show as a console error in the browser).
        res.writeHead(204).end()
      }
    }
    handle().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : 'failed'
      if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page('Garcia Health Diary', `<p role="alert">Tessera refused: ${escape(message)}</p>`))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://localhost:${port}`
  return {
    url,
    redirectUri: `${url}/callback`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
