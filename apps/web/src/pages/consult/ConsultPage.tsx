import type { SessionView } from '@tessera/contracts'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { currentConsult } from '../../lib/current-consult.ts'
import { CallView } from './call/CallView.tsx'
import { NotesPanel } from './notes/NotesPanel.tsx'

export interface ConsultPageProps {
  area: Area
  view: SessionView
}

/** PLACEHOLDER until the waiting room lands: the consultation chosen in this tab (lib/current-consult.ts). */
export function ConsultPage({ area, view }: ConsultPageProps) {
  const appointmentId = currentConsult()
  const host = view.account.role === 'clinician'
  return (
    <>
      <PageHeader title="Video consultation" titleContext={area.label} />
      {appointmentId ? (
        <CallView
          appointmentId={appointmentId}
          role={host ? 'host' : 'patient'}
          aside={host ? <NotesPanel appointmentId={appointmentId} /> : undefined}
          onEnded={() => {}}
        />
      ) : (
        <p className="muted">Choose an appointment to join.</p>
      )}
    </>
  )
}
