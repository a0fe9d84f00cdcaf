// Canonical JSON for hashing (the JSON Canonicalization Scheme, RFC 8785, for the values we store:
// strings, finite numbers, booleans, null, arrays, plain objects). Object keys sorted by UTF-16
// code units; no whitespace. The same event always hashes to the same bytes.
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

export function canonicalJson(value: Json): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity')
    return JSON.stringify(value)
  }
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value).sort()
  const parts: string[] = []
  for (const k of keys) {
    const v = value[k]
    if (v === undefined) continue
    parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`)
  }
  return `{${parts.join(',')}}`
}
