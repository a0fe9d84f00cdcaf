// Scheduling for staff (issue 8): reception's calendar and bookings for patients, availability for
// any clinician, the admin's appointment types, booking policy and reminder settings, and the
// reminders that could not be delivered (S24). Ids go in paths, never names or times of people.
import type {
  AppointmentList,
  AppointmentTypeBody,
  AppointmentTypeList,
  AppointmentTypeView,
  AppointmentView,
  AvailabilityExceptionBody,
  BookableClinicianList,
  BookingBody,
  BookingPolicy,
  ClinicianAvailability,
  FreeSlotList,
  ReminderFailureList,
  ReminderSettings,
  ReminderSettingsView,
  RescheduleBody,
  WeeklyAvailabilityBody,
} from '@tessera/contracts'
import { api } from './client.ts'

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})
const id = (value: string): string => encodeURIComponent(value)
const clinicianPath = (clinicianId: string): string => `/api/scheduling/clinicians/${id(clinicianId)}`

export interface AppointmentFilter {
  from: string
  to: string
  clinicianId?: string
  patientId?: string
  readiness?: boolean
}

export interface SlotFilter {
  typeId: string
  clinicianId?: string
  from?: string
  to?: string
  limit?: number
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

export const schedulingStaffApi = {
  types: (signal?: AbortSignal) => api.get<AppointmentTypeList>('/api/scheduling/types', withSignal(signal)),
  createType: (body: AppointmentTypeBody) =>
    api.post<AppointmentTypeView>('/api/admin/appointment-types', body),
  updateType: (typeId: string, body: AppointmentTypeBody) =>
    api.put<AppointmentTypeView>(`/api/admin/appointment-types/${id(typeId)}`, body),

  clinicians: (signal?: AbortSignal) =>
    api.get<BookableClinicianList>('/api/scheduling/clinicians', withSignal(signal)),
  availability: (clinicianId: string, signal?: AbortSignal) =>
    api.get<ClinicianAvailability>(`${clinicianPath(clinicianId)}/availability`, withSignal(signal)),
  saveAvailability: (clinicianId: string, body: WeeklyAvailabilityBody) =>
    api.put<ClinicianAvailability>(`${clinicianPath(clinicianId)}/availability`, body),
  /** Both answer with the clinician's availability as it now stands. */
  addException: (clinicianId: string, body: AvailabilityExceptionBody) =>
    api.post<ClinicianAvailability>(`${clinicianPath(clinicianId)}/exceptions`, body),
  deleteException: (clinicianId: string, exceptionId: string) =>
    api.delete<ClinicianAvailability>(`${clinicianPath(clinicianId)}/exceptions/${id(exceptionId)}`),

  slots: (filter: SlotFilter, signal?: AbortSignal) =>
    api.get<FreeSlotList>(`/api/scheduling/slots${query({ ...filter })}`, withSignal(signal)),

  appointments: (filter: AppointmentFilter, signal?: AbortSignal) =>
    api.get<AppointmentList>(`/api/appointments${query({ ...filter })}`, withSignal(signal)),
  book: (body: BookingBody) => api.post<AppointmentView>('/api/appointments', body),
  reschedule: (appointmentId: string, body: RescheduleBody) =>
    api.post<AppointmentView>(`/api/appointments/${id(appointmentId)}/reschedule`, body),
  cancel: (appointmentId: string) =>
    api.post<AppointmentView>(`/api/appointments/${id(appointmentId)}/cancel`),

  bookingPolicy: (signal?: AbortSignal) =>
    api.get<BookingPolicy>('/api/admin/booking-policy', withSignal(signal)),
  saveBookingPolicy: (body: BookingPolicy) => api.put<BookingPolicy>('/api/admin/booking-policy', body),

  reminderSettings: (signal?: AbortSignal) =>
    api.get<ReminderSettingsView>('/api/admin/reminder-settings', withSignal(signal)),
  saveReminderSettings: (body: ReminderSettings) =>
    api.put<ReminderSettingsView>('/api/admin/reminder-settings', body),

  reminderFailures: (signal?: AbortSignal) =>
    api.get<ReminderFailureList>('/api/reception/reminder-failures', withSignal(signal)),
  acknowledgeFailure: (reminderId: string) =>
    api.post<unknown>(`/api/reception/reminder-failures/${id(reminderId)}/acknowledge`),
}
