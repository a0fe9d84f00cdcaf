// Builds consult-notes/ (explicit wiring; what it needs is in consult-notes-service.ts).
import { ConsultNotesService, type ConsultNotesDeps } from './consult-notes-service.ts'

export type ConsultNotesModule = ConsultNotesService

export function createConsultNotes(deps: ConsultNotesDeps): ConsultNotesModule {
  return new ConsultNotesService(deps)
}
