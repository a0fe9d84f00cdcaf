// FHIR calls through the real routes, as a signed-in browser would make them.
import type { TestApp } from './test-app.ts'
import { someAddress } from './accounts.ts'

export interface FhirResponse {
  status: number
  body: string
  json: Record<string, unknown> & {
    resourceType?: string
    id?: string
    issue?: Array<Record<string, unknown>>
  }
  headers: Record<string, string | string[] | number | undefined>
}

export type Caller = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<FhirResponse>

/** A caller for one session cookie; `path` is relative to /fhir/R4/ unless it starts with '/'. */
export function fhirCaller(t: TestApp, cookie: string | undefined): Caller {
  return async (method, path, body, headers = {}) => {
    const isForm = typeof body === 'string'
    const res = await t.app.inject({
      method,
      url: path.startsWith('/') ? path : `/fhir/R4/${path}`,
      remoteAddress: someAddress(),
      headers: {
        ...t.browserHeaders,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined
          ? { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/fhir+json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: isForm ? body : JSON.stringify(body) } : {}),
    })
    let json: FhirResponse['json']
    try {
      json = res.body ? (JSON.parse(res.body) as FhirResponse['json']) : {}
    } catch {
      json = {}
    }
    return { status: res.statusCode, body: res.body, json, headers: res.headers }
  }
}

/** Ids of the match entries of a searchset bundle. */
export function matchIds(bundle: Record<string, unknown>): string[] {
  const entries = (bundle['entry'] ?? []) as Array<{ resource: { id: string }; search?: { mode: string } }>
  return entries.filter((e) => e.search?.mode !== 'include').map((e) => e.resource.id)
}

export function includedRefs(bundle: Record<string, unknown>): string[] {
  const entries = (bundle['entry'] ?? []) as Array<{
    resource: { id: string; resourceType: string }
    search?: { mode: string }
  }>
  return entries
    .filter((e) => e.search?.mode === 'include')
    .map((e) => `${e.resource.resourceType}/${e.resource.id}`)
}
