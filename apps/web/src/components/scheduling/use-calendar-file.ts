import { useState } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { saveBlob } from '../../lib/download.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'

export interface CalendarFile {
  save: () => Promise<void>
  pending: boolean
  error: string | null
}

/** Fetches an appointment's .ics (date, time and "sign in to see details"; nothing clinical) and saves it. */
export function useCalendarFile(appointmentId: string): CalendarFile {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const save = async (): Promise<void> => {
    setPending(true)
    setError(null)
    try {
      const file = await schedulingApi.calendarFile(appointmentId)
      saveBlob(file.fileName ?? 'appointment.ics', file.blob)
    } catch (cause) {
      setError(toSubmitErrors(cause).message)
    } finally {
      setPending(false)
    }
  }
  return { save, pending, error }
}
