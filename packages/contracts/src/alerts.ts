// Misuse alerts (AUDIT.md "Views", SECURITY.md S23): what the detector flagged over the audit
// stream, for the privacy officer to review. An alert names the staff member and a time window;
// the patients involved are found through the audit search, never listed here.
import { Type, type Static } from 'typebox'
import { Role, Uuid } from './auth.ts'

export const MisuseRule = Type.Union([
  Type.Literal('no-care-relationship'),
  Type.Literal('volume-above-baseline'),
  Type.Literal('off-hours-bulk'),
  Type.Literal('mfa-failures'),
  Type.Literal('sign-in-failures'),
  Type.Literal('mass-export'),
  Type.Literal('denial-storm'),
])
export type MisuseRule = Static<typeof MisuseRule>

export const MisuseAlertStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('acknowledged'),
  Type.Literal('dismissed'),
])
export type MisuseAlertStatus = Static<typeof MisuseAlertStatus>

export const MisuseAlertQuery = Type.Object(
  { status: Type.Optional(MisuseAlertStatus) },
  { additionalProperties: false },
)
export type MisuseAlertQuery = Static<typeof MisuseAlertQuery>

export const MisuseAlertIdParams = Type.Object({ alertId: Uuid }, { additionalProperties: false })

export const ReviewMisuseAlertBody = Type.Object(
  {
    status: Type.Union([Type.Literal('acknowledged'), Type.Literal('dismissed')]),
    /** What the reviewer found or did; shown to the other reviewers only. */
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
)
export type ReviewMisuseAlertBody = Static<typeof ReviewMisuseAlertBody>

export const MisuseAlertView = Type.Object({
  id: Type.String(),
  rule: MisuseRule,
  status: MisuseAlertStatus,
  /** The staff member (or account) whose activity was flagged; null if the account is gone. */
  actor: Type.Union([
    Type.Object({ id: Type.String(), displayName: Type.String(), role: Role }),
    Type.Null(),
  ]),
  detectedAt: Type.String(),
  windowStart: Type.String(),
  windowEnd: Type.String(),
  /** Events that matched the rule in the window. */
  eventCount: Type.Integer({ minimum: 0 }),
  /** Distinct patients those events named. */
  patientCount: Type.Integer({ minimum: 0 }),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
})
export type MisuseAlertView = Static<typeof MisuseAlertView>

/** Newest first, at most 200. */
export const MisuseAlertList = Type.Object({ alerts: Type.Array(MisuseAlertView) })
export type MisuseAlertList = Static<typeof MisuseAlertList>
