// Matching a destination host against the egress allowlist (S39). Pure functions: the guard and the
// compliance check both use them.
import { isIP } from 'node:net'

/** Lower case, no brackets around an IPv6 address, no trailing dot. */
export function normaliseDestination(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
}

/** This machine: always allowed (the embedded database, a local relay, the tests' own servers). */
export function isLoopback(host: string): boolean {
  const h = normaliseDestination(host)
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h)
}

/** `*.example.org` matches names under example.org (not example.org itself); anything else is exact. */
export function hostMatches(host: string, pattern: string): boolean {
  const h = normaliseDestination(host)
  const p = normaliseDestination(pattern)
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1
  return h === p
}

export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  return allowlist.some((pattern) => hostMatches(host, pattern))
}

/** The host of a URL or a `host:port` string, or null when it has none. */
export function hostOf(destination: string): string | null {
  try {
    const url = new URL(destination.includes('://') ? destination : `tcp://${destination}`)
    return url.hostname ? normaliseDestination(url.hostname) : null
  } catch {
    return null
  }
}
