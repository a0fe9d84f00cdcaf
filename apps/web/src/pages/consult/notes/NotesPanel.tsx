export interface NotesPanelProps {
  appointmentId: string
}

/** PLACEHOLDER until the notes panel lands: the clinician's draft note for this consultation. */
export function NotesPanel(_props: NotesPanelProps) {
  return <aside aria-label="Consultation notes">Notes are not built yet.</aside>
}
