// Builds booking from its parts (explicit wiring; see booking-deps.ts for what it needs).
import { AppointmentViews } from './appointment-views.ts'
import type { BookingDeps } from './booking-deps.ts'
import type { BookingPolicyStore } from './booking-policy.ts'
import { BookingService } from './booking-service.ts'

export interface BookingModule {
  service: BookingService
  views: AppointmentViews
  policy: BookingPolicyStore
}

export function createBooking(deps: BookingDeps): BookingModule {
  return { service: new BookingService(deps), views: new AppointmentViews(deps), policy: deps.policy }
}
