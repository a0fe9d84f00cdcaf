// The audit events of P4's raw baseline: the AuditEvent JSON audit/audit-event.ts makes (keys in
// canonical order, written out rather than sorted), its leaf hash (audit/merkle.ts), and the group
// commit of audit/audit-writer.ts: write at once when idle, else everything that gathered during the
// previous insert, in one multi-row insert; each request waits for its own commit.
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type pg from 'pg'
import { insertAudit } from './raw-pg-sql.ts'

const MAX_AUDIT_BATCH = 256

export interface Actor {
  accountId: string
  role: string
  sessionId: string
}

interface PendingAudit {
  params: unknown[]
  rows: number
  resolve: () => void
  reject: (err: unknown) => void
}

/** Group commit as audit-writer.ts does it: write now if idle, else everything that gathered meanwhile. */
export class AuditBatcher {
  private pending: PendingAudit[] = []
  private writing = false

  constructor(private readonly pool: pg.Pool) {}

  record(params: unknown[], rows: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ params, rows, resolve, reject })
      if (this.writing) return
      this.writing = true
      queueMicrotask(() => void this.loop())
    })
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch: PendingAudit[] = []
      let rows = 0
      while (this.pending.length > 0 && (rows === 0 || rows + this.pending[0]!.rows <= MAX_AUDIT_BATCH)) {
        const next = this.pending.shift()!
        rows += next.rows
        batch.push(next)
      }
      try {
        await this.pool.query(
          insertAudit(rows),
          batch.flatMap((p) => p.params),
        )
        for (const p of batch) p.resolve()
      } catch (err) {
        for (const p of batch) p.reject(err)
      }
    }
    this.writing = false
  }
}

const OUTCOME: Record<string, string> = { success: '0', denied: '4', failure: '8' }
const FHIR_ACTION: Record<string, string> = { create: 'C', read: 'R', search: 'R', update: 'U' }

/** The parameters of one audit_event row: the AuditEvent JSON of audit-event.ts, keys in sorted order. */
export function auditRow(
  req: IncomingMessage,
  requestId: string,
  actor: Actor,
  verb: string,
  status: number,
  patientId: string | null,
  entities: string[],
): unknown[] {
  const outcome = status < 400 ? 'success' : status === 404 || status === 412 ? 'denied' : 'failure'
  const recorded = new Date()
  const ua = req.headers['user-agent']
  const ip = req.socket.remoteAddress
  const entity = [
    ...(patientId ? [{ type: { code: '1' }, what: { reference: `Patient/${patientId}` } }] : []),
    ...entities.map((reference) => ({ what: { reference } })),
  ]
  const body = JSON.stringify({
    action: FHIR_ACTION[verb] ?? 'E',
    agent: [
      {
        ...(ip ? { network: { address: ip, type: '2' } } : {}),
        requestor: true,
        role: [{ text: actor.role }],
        who: { reference: `Account/${actor.accountId}` },
      },
    ],
    ...(entity.length ? { entity } : {}),
    extension: [
      { url: 'urn:tessera:request-id', valueString: requestId },
      { url: 'urn:tessera:session-id', valueString: actor.sessionId },
      ...(ua ? [{ url: 'urn:tessera:user-agent', valueString: ua.slice(0, 200) }] : []),
    ],
    outcome: OUTCOME[outcome],
    outcomeDesc: String(status),
    recorded: recorded.toISOString(),
    resourceType: 'AuditEvent',
    source: { observer: { display: 'Tessera' }, type: [{ code: '4' }] },
    type: { code: `fhir.${verb}`, system: 'urn:tessera:audit' },
  })
  const leaf = createHash('sha256')
    .update(Buffer.from([0]))
    .update(body)
    .digest()
  return [recorded, actor.accountId, actor.role, `fhir.${verb}`, outcome, patientId, body, leaf]
}
