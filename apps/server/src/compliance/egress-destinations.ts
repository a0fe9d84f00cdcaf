// Every outside destination the configuration points the server (or, for TURN, the browsers) at.
// Each must map to a registered processor, or the egress check fails.
import type { Config } from '../platform/config.ts'
import { hostOf, isLoopback } from './egress-hosts.ts'

export interface Destination {
  /** What uses it, in words for the compliance page. */
  kind: 'SMTP relay' | 'TURN relay' | 'OpenID provider' | 'audit anchor' | 'virus scanner' | 'SMS provider'
  host: string
  /** The configuration variable that names it. */
  setting: string
  /** On this machine: allowed without a processor, but listed. */
  loopback: boolean
}

function destination(kind: Destination['kind'], value: string, setting: string): Destination[] {
  const host = hostOf(value)
  return host ? [{ kind, host, setting, loopback: isLoopback(host) }] : []
}

export function configuredDestinations(config: Config): Destination[] {
  const out: Destination[] = []
  if (config.smtpHost) out.push(...destination('SMTP relay', config.smtpHost, 'SMTP_HOST'))
  for (const url of config.turnUrls?.split(',') ?? []) {
    // turn:host:port?transport=udp is not a hierarchical URL; take what is between the scheme and the port.
    const host = /^turns?:(\[[^\]]+\]|[^:?]+)/.exec(url.trim())?.[1]
    if (host) out.push(...destination('TURN relay', host, 'TESSERA_TURN_URLS'))
  }
  if (config.oidcIssuer) out.push(...destination('OpenID provider', config.oidcIssuer, 'OIDC_ISSUER'))
  if (config.auditAnchorUrl)
    out.push(...destination('audit anchor', config.auditAnchorUrl, 'TESSERA_AUDIT_ANCHOR_URL'))
  if (config.clamd) out.push(...destination('virus scanner', config.clamd, 'TESSERA_CLAMD'))
  // smsTransport 'log' never leaves the machine; a provider added behind platform/sms/ adds its host here.
  const seen = new Set<string>()
  return out.filter((d) => {
    const key = `${d.kind}|${d.host}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
