// Break-glass (S5): a clinician opens a record outside their care team. It needs a stated reason
// and a fresh second factor (the route's step-up), lasts 60 minutes, alerts the privacy officers,
// and the patient will see it in their access log.
import { randomUUID } from 'node:crypto'
import type { BreakGlassGrant } from '@tessera/contracts'
import type { IdentityDeps } from '../identity/identity-deps.ts'
import { AppError } from '../platform/errors.ts'
import { addressed, breakGlassAlert } from '../platform/mail/templates.ts'
import type { Actor } from './actor.ts'
import { patientNotFound } from './access-policy.ts'

export const BREAK_GLASS_MS = 60 * 60_000

export class BreakGlassService {
  constructor(private readonly deps: IdentityDeps) {}

  async open(actor: Actor, patientId: string, reason: string): Promise<BreakGlassGrant> {
    const { db, clock, mail } = this.deps
    if (actor.role !== 'clinician')
      throw new AppError('forbidden', 'Only clinicians can use break-glass access.')
    const patient = await db
      .selectFrom('account')
      .select('id')
      .where('id', '=', patientId)
      .where('role', '=', 'patient')
      .executeTakeFirst()
    if (!patient) throw patientNotFound()
    const trimmed = reason.trim()
    if (trimmed.length < 10) {
      throw new AppError('invalid', 'Say why you need access (at least 10 characters).', [
        { path: 'body/reason', message: 'too short' },
      ])
    }
    const now = clock.now()
    const grant = { id: randomUUID(), expiresAt: new Date(now.getTime() + BREAK_GLASS_MS) }
    await db
      .insertInto('break_glass')
      .values({
        id: grant.id,
        clinician_id: actor.accountId,
        patient_id: patientId,
        reason: trimmed,
        created_at: now,
        expires_at: grant.expiresAt,
      })
      .execute()
    const officers = await db
      .selectFrom('account')
      .select('email')
      .where('role', '=', 'privacy-officer')
      .where('disabled_at', 'is', null)
      .execute()
    // The alert says only that it happened; who and why is behind sign-in (no PHI in email).
    for (const o of officers)
      await mail.send(addressed(o.email, breakGlassAlert({ signInUrl: `${this.deps.publicUrl()}/sign-in` })))
    return { id: grant.id, patientId, expiresAt: grant.expiresAt.toISOString() }
  }
}
