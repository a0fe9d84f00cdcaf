// Booking for patients and the clinician's day: appointment types, bookable clinicians, free slots,
// appointments (book, reschedule, cancel) and the calendar file. Instants travel as ISO strings;
// the page applies and names the viewer's time zone.
import type {
  AppointmentList,
  AppointmentTypeList,
  AppointmentView,
  BookableClinicianList,
  BookingBody,
  FreeSlotList,
  RescheduleBody,
} from '@tessera/contracts'
import { api, ApiError, download, type DownloadedFile } from './client.ts'

const appointmentPath = (id: string): string => `/api/appointments/${encodeURIComponent(id)}`
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

/** Builds a query string from the values that are set (identifiers and instants only, never names). */
function query(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text ? `?${text}` : ''
}

export interface SlotSearch {
  typeId: string
  /** Leave out for any clinician. */
  clinicianId?: string
  from?: string
  to?: string
  limit?: number
}

export interface AppointmentSearch {
  from?: string
  to?: string
  clinicianId?: string
  readiness?: boolean
}

export const schedulingApi = {
  types: (signal?: AbortSignal) => api.get<AppointmentTypeList>('/api/scheduling/types', withSignal(signal)),

  clinicians: (signal?: AbortSignal) =>
    api.get<BookableClinicianList>('/api/scheduling/clinicians', withSignal(signal)),

  slots: (search: SlotSearch, signal?: AbortSignal) =>
    api.get<FreeSlotList>(`/api/scheduling/slots${query({ ...search })}`, withSignal(signal)),

  appointments: (search: AppointmentSearch, signal?: AbortSignal) =>
    api.get<AppointmentList>(`/api/appointments${query({ ...search })}`, withSignal(signal)),

  book: (body: BookingBody) => api.post<AppointmentView>('/api/appointments', body),

  reschedule: (id: string, body: RescheduleBody) =>
    api.post<AppointmentView>(`${appointmentPath(id)}/reschedule`, body),

  cancel: (id: string) => api.post<AppointmentView>(`${appointmentPath(id)}/cancel`),

  calendarFile: (id: string): Promise<DownloadedFile> => download(`${appointmentPath(id)}/calendar.ics`),
}

/** The next free starts the server offers when a time was just taken (409 conflict). */
export function takenAlternatives(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null
  return error.details
    .filter((d) => d.path === '/alternatives' && !Number.isNaN(Date.parse(d.message)))
    .map((d) => d.message)
}

export type ReadinessNeed = 'consent' | 'intake' | 'documents'

export interface ReadinessProblem {
  need: ReadinessNeed
  message: string
}

const NEEDS: readonly ReadinessNeed[] = ['consent', 'intake', 'documents']

/** What the clinic requires before booking (400 invalid with `/readiness/...` details). */
export function readinessProblems(error: unknown): ReadinessProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'invalid') return []
  const out: ReadinessProblem[] = []
  for (const detail of error.details) {
    const need = NEEDS.find((n) => detail.path === `/readiness/${n}`)
    if (need) out.push({ need, message: detail.message })
  }
  return out
}
