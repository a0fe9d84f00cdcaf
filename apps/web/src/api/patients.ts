// The patients a staff member may see: reception, every patient; a clinician, their care team.
import type { PatientList } from '@tessera/contracts'
import { api } from './client.ts'

export const patientsApi = {
  list: (signal?: AbortSignal) => api.get<PatientList>('/api/patients', signal ? { signal } : {}),
}
