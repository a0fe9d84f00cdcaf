// The patient's privacy centre (JOURNEYS.md patient step 9): "download all my data" and the list of
// copies the patient took. The export itself is a ZIP (apps/server/src/privacy/README.md), not JSON.
import { Type, type Static } from 'typebox'

/** Where the signed-in patient's whole export is streamed from (GET, no parameters). */
export const PRIVACY_EXPORT_PATH = '/api/privacy/export'

/** Takes no parameters: the export and the list are always the signed-in patient's own. */
export const PrivacyOwnQuery = Type.Object({}, { additionalProperties: false })

/** What a copy held: everything (record and documents), or the record alone as FHIR. */
export const PrivacyDownloadKind = Type.Union([Type.Literal('all-data'), Type.Literal('record')])
export type PrivacyDownloadKind = Static<typeof PrivacyDownloadKind>

export const PrivacyDownload = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    kind: PrivacyDownloadKind,
    /** True when an app the patient connected (SMART on FHIR) took the copy for them. */
    byApp: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type PrivacyDownload = Static<typeof PrivacyDownload>

/** The patient's own downloads of their data, newest first (from the audit trail). */
export const PrivacyDownloads = Type.Object(
  {
    downloads: Type.Array(PrivacyDownload),
    /** True when older downloads exist beyond what is listed. */
    truncated: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type PrivacyDownloads = Static<typeof PrivacyDownloads>
