import type { AppointmentView, ConsultRoomView } from '@tessera/contracts'
import { useEffect, useState } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'

/**
 * The appointment behind a room (names for "Dr Okafor will let you in"), looked up in the
 * appointment list around its own start: no browser clock involved. Null until known, or if the
 * lookup failed (the page then uses neutral words).
 */
export function useAppointment(room: ConsultRoomView | null): AppointmentView | null {
  const [found, setFound] = useState<AppointmentView | null>(null)
  const id = room?.appointmentId
  const start = room?.start
  const end = room?.end
  useEffect(() => {
    if (!id || !start || !end) return
    const controller = new AbortController()
    schedulingApi.appointments({ from: start, to: end }, controller.signal).then(
      (list) => setFound(list.appointments.find((a) => a.id === id) ?? null),
      () => undefined,
    )
    return () => controller.abort()
  }, [id, start, end])
  return found
}
