// Bundles built around the stored JSON text: entries are spliced in as they were stored, never
// parsed and re-serialised (FHIR R4 Bundle: searchset and history).
import { randomUUID } from 'node:crypto'
import type { StoredVersion } from './fhir-store.ts'

export interface BundleLinks {
  self: string
  next?: string | undefined
}

function header(type: 'searchset' | 'history', now: Date, links: BundleLinks, total: number | null): string {
  const link = [
    { relation: 'self', url: links.self },
    ...(links.next ? [{ relation: 'next', url: links.next }] : []),
  ]
  return (
    `{"resourceType":"Bundle","id":"${randomUUID()}","meta":{"lastUpdated":"${now.toISOString()}"},` +
    `"type":"${type}"${total === null ? '' : `,"total":${total}`},"link":${JSON.stringify(link)}`
  )
}

/** FHIR JSON has no empty arrays: an empty bundle has no `entry`. */
function entryArray(entries: string[]): string {
  return entries.length ? `,"entry":[${entries.join(',')}]` : ''
}

export function fullUrl(base: string, v: StoredVersion): string {
  return `${base}/${v.type}/${v.id}`
}

export function searchBundle(
  base: string,
  now: Date,
  links: BundleLinks,
  total: number | null,
  matches: StoredVersion[],
  included: StoredVersion[],
): string {
  const entry = (v: StoredVersion, mode: 'match' | 'include') =>
    `{"fullUrl":${JSON.stringify(fullUrl(base, v))},"resource":${v.json},"search":{"mode":"${mode}"}}`
  const entries = [...matches.map((m) => entry(m, 'match')), ...included.map((i) => entry(i, 'include'))]
  return `${header('searchset', now, links, total)}${entryArray(entries)}}`
}

export function historyBundle(
  base: string,
  now: Date,
  links: BundleLinks,
  versions: StoredVersion[],
): string {
  const entries = versions.map((v) => {
    const url = `${v.type}/${v.id}`
    const method = v.deleted ? 'DELETE' : v.versionId === 1 ? 'POST' : 'PUT'
    const status = v.deleted ? '204' : v.versionId === 1 ? '201' : '200'
    const response = { status, etag: `W/"${v.versionId}"`, lastModified: v.lastUpdated.toISOString() }
    return (
      `{"fullUrl":${JSON.stringify(fullUrl(base, v))},` +
      (v.json ? `"resource":${v.json},` : '') +
      `"request":{"method":"${method}","url":"${method === 'POST' ? v.type : url}"},"response":${JSON.stringify(response)}}`
    )
  })
  return `${header('history', now, links, null)}${entryArray(entries)}}`
}
