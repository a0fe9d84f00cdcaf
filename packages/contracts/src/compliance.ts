// The compliance centre (issue 12): the processors register (every outside service the clinic uses,
// with its agreement and the hosts the server may connect to for it: the egress allowlist, S39) and
// the live checklist, each check with its status, evidence and what to do.
import { Type, type Static } from 'typebox'

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

/**
 * A host name the server may connect to for this processor: `smtp.example.org`, an IP address, or
 * `*.example.org` for any name under it. No scheme, port or path.
 */
export const EgressHost = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$',
})

export const ProcessorBody = Type.Object(
  {
    name: Text(200),
    /** What the clinic uses it for, e.g. "Sends appointment reminders and sign-in codes by email". */
    purpose: Text(500),
    /** e.g. "email addresses", "appointment times"; none for a service that sees no personal data. */
    dataCategories: Type.Array(Text(100), { maxItems: 20 }),
    /** Where it processes data, e.g. "UK", "EU (Ireland)". */
    region: Text(100),
    /** A data processing agreement (GDPR Art. 28) or business associate agreement (HIPAA) is signed. */
    agreementSigned: Type.Boolean(),
    /** When the agreement ends (YYYY-MM-DD); absent when it does not expire. */
    agreementExpiresOn: Type.Optional(Type.String({ format: 'date' })),
    /** Hosts the server may open connections to for this processor (the egress allowlist). */
    hosts: Type.Array(EgressHost, { maxItems: 20 }),
  },
  { additionalProperties: false },
)
export type ProcessorBody = Static<typeof ProcessorBody>

export const ProcessorView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  dataCategories: Type.Array(Type.String()),
  region: Type.String(),
  agreementSigned: Type.Boolean(),
  agreementExpiresOn: Type.Optional(Type.String()),
  hosts: Type.Array(Type.String()),
  updatedAt: Type.String(),
})
export type ProcessorView = Static<typeof ProcessorView>

export const ProcessorList = Type.Object({ processors: Type.Array(ProcessorView) })
export type ProcessorList = Static<typeof ProcessorList>

export const ProcessorParams = Type.Object(
  { processorId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
)
export type ProcessorParams = Static<typeof ProcessorParams>

export const ComplianceStatus = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')])
export type ComplianceStatus = Static<typeof ComplianceStatus>

export const ComplianceCheck = Type.Object({
  /** Stable identifier, e.g. `mfa`, `egress`. */
  id: Type.String(),
  /** The question the check answers, in plain words. */
  title: Type.String(),
  status: ComplianceStatus,
  /** What was found, with figures. */
  evidence: Type.String(),
  /** What to do about it; empty when nothing needs doing. */
  action: Type.String(),
})
export type ComplianceCheck = Static<typeof ComplianceCheck>

export const ComplianceReport = Type.Object({
  checkedAt: Type.String(),
  checks: Type.Array(ComplianceCheck),
})
export type ComplianceReport = Static<typeof ComplianceReport>
