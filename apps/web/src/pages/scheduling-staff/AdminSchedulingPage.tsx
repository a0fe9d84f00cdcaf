import { AppointmentTypesCard } from '../../components/scheduling-staff/AppointmentTypesCard.tsx'
import { BookingPolicyCard } from '../../components/scheduling-staff/BookingPolicyCard.tsx'
import { ReminderSettingsCard } from '../../components/scheduling-staff/ReminderSettingsCard.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import '../../styles/scheduling-staff.css'

/** The admin's scheduling settings: appointment types, the booking policy and reminders. */
export function AdminSchedulingPage({ area }: { area: Area }) {
  return (
    <>
      <PageHeader title="Scheduling" titleContext={area.label}>
        <p>What patients can book, the clinic&apos;s rules for booking and changes, and the reminders.</p>
      </PageHeader>
      <div className="stack">
        <AppointmentTypesCard />
        <BookingPolicyCard />
        <ReminderSettingsCard />
      </div>
    </>
  )
}
