// The egress guard (S39): the server opens outbound connections only to hosts of registered
// processors, to this machine, and to its own database and Redis. Every outbound client asks it
// first (SMTP transport, the audit anchor's and the OpenID provider's fetch, the clamd socket).
// A refusal fails the call, is logged with the host only (never a recipient, a path or a body) and
// is audited as `egress.blocked`.
import type { Logger } from 'pino'
import type { AuditRecord } from '../audit/audit-event.ts'
import { hostAllowed, isLoopback, normaliseDestination } from './egress-hosts.ts'

/** Which client asked: goes into the log line and the audit event. */
export type EgressPurpose = 'smtp' | 'audit-anchor' | 'oidc' | 'clamd' | 'sms' | 'other'

export class EgressBlocked extends Error {
  override readonly name = 'EgressBlocked'
  /** nodemailer-style code, so mail delivery classifies it as a configuration failure. */
  readonly code = 'EEGRESS'
  constructor(readonly host: string) {
    super(`outbound connection to ${host} is not allowed: the host is not in the processors register`)
  }
}

export interface EgressGuardDeps {
  /** The registered processors' hosts (ProcessorStore.hosts). */
  registeredHosts: () => Promise<string[]>
  /** Always allowed whatever the register says: the configured database and Redis hosts. */
  infrastructureHosts: readonly string[]
  log: Logger
  audit: { record(records: AuditRecord[]): Promise<void> }
  /** Loopback is allowed unless a test turns it off to exercise the register with a local server. */
  allowLoopback?: boolean
  /** How long a loaded allowlist is trusted before a check reloads it (other instances edit it too). */
  maxAgeMs?: number
}

export class EgressGuard {
  private allowlist: string[] | null = null
  private loadedAt = 0
  private loading: Promise<void> | null = null

  constructor(private readonly deps: EgressGuardDeps) {}

  /** Reloads the allowlist from the register (after a change, and at start). */
  async refresh(): Promise<void> {
    this.loading ??= (async () => {
      try {
        this.allowlist = (await this.deps.registeredHosts()).map(normaliseDestination)
        this.loadedAt = performance.now()
      } finally {
        this.loading = null
      }
    })()
    return this.loading
  }

  /** The register changed on this instance: the next check reloads. */
  invalidate(): void {
    this.loadedAt = 0
  }

  /** Against the last loaded allowlist, without waiting (fails closed before the first load). */
  allowsNow(host: string): boolean {
    // Synchronous callers (the clamd socket) get the last list; a stale one reloads for the next.
    if (this.stale()) void this.refresh().catch(() => {})
    const h = normaliseDestination(host)
    if ((this.deps.allowLoopback ?? true) && isLoopback(h)) return true
    if (hostAllowed(h, this.deps.infrastructureHosts)) return true
    return this.allowlist !== null && hostAllowed(h, this.allowlist)
  }

  /** Resolves when `host` may be connected to; otherwise reports the attempt and throws EgressBlocked. */
  async check(host: string, purpose: EgressPurpose): Promise<void> {
    if (this.stale()) await this.refresh()
    if (this.allowsNow(host)) return
    this.reportBlocked(host, purpose)
    throw new EgressBlocked(normaliseDestination(host))
  }

  private stale(): boolean {
    return this.allowlist === null || performance.now() - this.loadedAt > (this.deps.maxAgeMs ?? 30_000)
  }

  /** Log (host and purpose only) and audit a refused connection; never throws. */
  reportBlocked(host: string, purpose: EgressPurpose): void {
    const h = normaliseDestination(host)
    this.deps.log.warn(
      { egressHost: h, purpose },
      'outbound connection blocked: host not in the processors register',
    )
    this.deps.audit
      .record([
        {
          action: 'egress.blocked',
          outcome: 'denied',
          actorId: null,
          actorRole: 'system',
          entities: [`urn:tessera:host:${h}`],
          detail: purpose,
        },
      ])
      .catch((err: unknown) =>
        this.deps.log.error(
          { errName: (err as Error)?.name },
          'could not audit a blocked outbound connection',
        ),
      )
  }

  /**
   * `fetch` that checks the host first. Redirects are refused rather than followed, so a redirect
   * cannot take a request to a host the allowlist does not hold.
   */
  fetch(purpose: EgressPurpose): typeof fetch {
    return async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      await this.check(url.hostname, purpose)
      const redirect = init?.redirect === 'manual' ? 'manual' : 'error'
      return fetch(input, { ...init, redirect })
    }
  }
}
