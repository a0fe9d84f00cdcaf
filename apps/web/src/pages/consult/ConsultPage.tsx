import type { SessionView } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { currentConsult, setCurrentConsult } from '../../lib/current-consult.ts'
import { ConsultEnded } from './ConsultEnded.tsx'
import { HostConsult } from './HostConsult.tsx'
import { NoConsult } from './NoConsult.tsx'
import { NotesPanel } from './notes/NotesPanel.tsx'
import { PatientConsult } from './PatientConsult.tsx'
import '../../styles/consult.css'

export interface ConsultPageProps {
  area: Area
  view: SessionView
}

/**
 * The video consultation chosen in this tab (lib/current-consult.ts: never in the address). Its
 * state comes from the server, so a reload lands where the person was: device check, waiting room,
 * or the call.
 */
export function ConsultPage({ area, view }: ConsultPageProps) {
  const [appointmentId] = useState(currentConsult)
  const [ended, setEnded] = useState(false)
  const host = view.account.role === 'clinician'
  const onEnded = useCallback((): void => {
    setCurrentConsult(null)
    setEnded(true)
  }, [])
  return (
    <>
      <PageHeader title="Video consultation" titleContext={area.label} />
      {ended ? (
        <ConsultEnded
          host={host}
          notes={host && appointmentId ? <NotesPanel appointmentId={appointmentId} /> : undefined}
        />
      ) : !appointmentId ? (
        <NoConsult host={host} reason="none" />
      ) : host ? (
        <HostConsult appointmentId={appointmentId} onEnded={onEnded} />
      ) : (
        <PatientConsult appointmentId={appointmentId} onEnded={onEnded} />
      )}
    </>
  )
}
