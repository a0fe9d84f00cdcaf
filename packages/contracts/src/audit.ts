// The audit trail's views (AUDIT.md "Views"): the staff search and export, the FHIR AuditEvent
// search, and the patient's "who viewed my record".
import { Type, type Static } from 'typebox'
import { Role, Uuid } from './auth.ts'

export const AuditOutcome = Type.Union([
  Type.Literal('success'),
  Type.Literal('denied'),
  Type.Literal('failure'),
])
export type AuditOutcome = Static<typeof AuditOutcome>

/** Our dotted action names (`patient.read`, `auth.sign-in`). */
export const AuditAction = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*$',
})

/** An opaque page position: the id of the last event of the previous page. */
export const AuditCursor = Type.String({ minLength: 1, maxLength: 18, pattern: '^[1-9][0-9]*$' })

const DateTime = Type.String({ format: 'date-time', maxLength: 40 })

const filterFields = {
  patientId: Type.Optional(Uuid),
  actorId: Type.Optional(Uuid),
  action: Type.Optional(AuditAction),
  outcome: Type.Optional(AuditOutcome),
  /** Inclusive. */
  from: Type.Optional(DateTime),
  /** Exclusive. */
  to: Type.Optional(DateTime),
}

export const AuditEventsQuery = Type.Object(
  {
    ...filterFields,
    cursor: Type.Optional(AuditCursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
)
export type AuditEventsQuery = Static<typeof AuditEventsQuery>

export const AuditExportFormat = Type.Union([Type.Literal('csv'), Type.Literal('ndjson')])
export type AuditExportFormat = Static<typeof AuditExportFormat>

export const AuditExportQuery = Type.Object(
  { format: AuditExportFormat, ...filterFields },
  { additionalProperties: false },
)
export type AuditExportQuery = Static<typeof AuditExportQuery>

/** The export's body: CSV with a header row, or NDJSON, streamed as an attachment. */
export const AuditExportFile = Type.Unknown({ description: 'text/csv or application/x-ndjson, streamed' })

export const AuditEntry = Type.Object({
  id: Type.String(),
  time: Type.String(),
  action: Type.String(),
  outcome: AuditOutcome,
  actor: Type.Union([
    Type.Object({ id: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  /** The role the actor acted in at the time (not their role today). */
  actorRole: Type.Union([Type.String(), Type.Null()]),
  patient: Type.Union([
    Type.Object({ id: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  /** HTTP status or another short code; never a message. */
  detail: Type.Union([Type.String(), Type.Null()]),
  /** References of what was touched (`Patient/…`, `Session/…`). */
  entities: Type.Array(Type.String()),
})
export type AuditEntry = Static<typeof AuditEntry>

export const AuditEventPage = Type.Object({
  entries: Type.Array(AuditEntry),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type AuditEventPage = Static<typeof AuditEventPage>

/** Finding a person to filter by (the audit filters take ids). */
export const AuditPeopleQuery = Type.Object(
  {
    // No control characters (PostgreSQL text cannot hold NUL; nobody's name has a tab).
    q: Type.String({ minLength: 2, maxLength: 120, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }),
    kind: Type.Optional(Type.Union([Type.Literal('patient'), Type.Literal('staff')])),
  },
  { additionalProperties: false },
)
export type AuditPeopleQuery = Static<typeof AuditPeopleQuery>

export const AuditPerson = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  role: Role,
})
export type AuditPerson = Static<typeof AuditPerson>
export const AuditPeople = Type.Object({ people: Type.Array(AuditPerson) })
export type AuditPeople = Static<typeof AuditPeople>

/** No parameters at all: the log is always the signed-in patient's own. */
export const AccessLogQuery = Type.Object({}, { additionalProperties: false })

export const AccessReason = Type.Union([
  Type.Literal('care-team'),
  Type.Literal('scheduling'),
  Type.Literal('emergency'),
  Type.Literal('oversight'),
  Type.Literal('other'),
])
export type AccessReason = Static<typeof AccessReason>

/** One line of "who viewed my record": identical views within 10 minutes are one line. */
export const AccessLogEntry = Type.Object({
  /** Newest event of the line. */
  at: Type.String(),
  /** Oldest event of the line (equal to `at` when count is 1). */
  firstAt: Type.String(),
  count: Type.Integer({ minimum: 1 }),
  who: Type.String(),
  role: Type.Union([Role, Type.Null()]),
  /** A plain-language category ("Your details"). */
  what: Type.String(),
  why: AccessReason,
  /** The reason the clinician gave, for emergency (break-glass) access; shown as written (S5). */
  reason: Type.Union([Type.String(), Type.Null()]),
})
export type AccessLogEntry = Static<typeof AccessLogEntry>

export const AccessLog = Type.Object({
  entries: Type.Array(AccessLogEntry),
  /** True when older events exist beyond what is shown. */
  truncated: Type.Boolean(),
})
export type AccessLog = Static<typeof AccessLog>

/** FHIR R4 AuditEvent search (strict handling: an unknown parameter is a 400). */
export const FhirAuditEventSearch = Type.Object(
  {
    patient: Type.Optional(Type.String({ maxLength: 80 })),
    agent: Type.Optional(Type.String({ maxLength: 80 })),
    date: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 4 })),
    action: Type.Optional(AuditAction),
    outcome: Type.Optional(Type.String({ maxLength: 16 })),
    _count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    _cursor: Type.Optional(AuditCursor),
  },
  { additionalProperties: false },
)
export type FhirAuditEventSearch = Static<typeof FhirAuditEventSearch>

/** The stored AuditEvent body plus its id; everything else passes through as stored. */
export const FhirAuditEvent = Type.Object(
  { resourceType: Type.Literal('AuditEvent'), id: Type.String() },
  { additionalProperties: true },
)

export const FhirAuditEventIdParams = Type.Object({ id: AuditCursor }, { additionalProperties: false })

export const FhirBundleLink = Type.Object({ relation: Type.String(), url: Type.String() })

export const FhirAuditEventBundle = Type.Object({
  resourceType: Type.Literal('Bundle'),
  type: Type.Literal('searchset'),
  link: Type.Array(FhirBundleLink),
  entry: Type.Array(
    Type.Object({
      fullUrl: Type.String(),
      resource: FhirAuditEvent,
      search: Type.Object({ mode: Type.Literal('match') }),
    }),
  ),
})
export type FhirAuditEventBundle = Static<typeof FhirAuditEventBundle>

export const FhirOperationOutcome = Type.Object({
  resourceType: Type.Literal('OperationOutcome'),
  issue: Type.Array(
    Type.Object({
      severity: Type.String(),
      code: Type.String(),
      diagnostics: Type.Optional(Type.String()),
      expression: Type.Optional(Type.Array(Type.String())),
    }),
  ),
})
