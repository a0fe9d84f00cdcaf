import { useEffect, useState } from 'react'
import { consultApi } from '../../api/consult.ts'
import { schedulingApi } from '../../api/scheduling.ts'

export type ConsultPatient =
  { status: 'loading' } | { status: 'error' } | { status: 'ready'; patientId: string; patientName: string }

/** Whose consultation this is: the room gives its times, the clinician's appointment list the patient. */
export function useConsultPatient(appointmentId: string): ConsultPatient {
  const [state, setState] = useState<ConsultPatient>({ status: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    const { signal } = controller
    consultApi
      .room(appointmentId, signal)
      .then((room) => schedulingApi.appointments({ from: room.start, to: room.end }, signal))
      .then(
        (list) => {
          const found = list.appointments.find((a) => a.id === appointmentId)
          setState(
            found
              ? {
                  status: 'ready',
                  patientId: found.patientId,
                  patientName: found.patientName ?? 'the patient',
                }
              : { status: 'error' },
          )
        },
        () => {
          if (!signal.aborted) setState({ status: 'error' })
        },
      )
    return () => controller.abort()
  }, [appointmentId])
  return state
}
