// The audit trail's staff views: search, the people to filter by, and the export (step-up).
import type {
  AuditEventPage,
  AuditEventsQuery,
  AuditExportFormat,
  AuditPeople,
  AuditPeopleQuery,
} from '@tessera/contracts'
import { api, download, type DownloadedFile } from './client.ts'

/** The filters of a search, without its paging. */
export type AuditFilterValues = Omit<AuditEventsQuery, 'cursor' | 'limit'>

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

function search(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(values)) if (value !== undefined) params.set(name, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

export const auditApi = {
  events: (filters: AuditFilterValues, page: { cursor?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<AuditEventPage>(`/api/audit/events${search({ ...filters, ...page })}`, withSignal(signal)),
  people: (query: AuditPeopleQuery, signal?: AbortSignal) =>
    api.get<AuditPeople>(`/api/audit/people${search(query)}`, withSignal(signal)),
  /** Needs a second factor from the last 5 minutes: call through `useProtectedAction()`. */
  exportFile: (format: AuditExportFormat, filters: AuditFilterValues): Promise<DownloadedFile> =>
    download(`/api/audit/export${search({ format, ...filters })}`),
}
