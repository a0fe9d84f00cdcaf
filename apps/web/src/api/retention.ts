// The privacy officer's retention queue (S37): records past their retention period, and erasure.
import type { RetentionErasure, RetentionFlagList } from '@tessera/contracts'
import { api } from './client.ts'

export const retentionApi = {
  flagged: (signal?: AbortSignal) =>
    api.get<RetentionFlagList>('/api/privacy/retention', signal ? { signal } : {}),
  approveErasure: (patientId: string) =>
    api.post<RetentionErasure>(`/api/privacy/retention/${encodeURIComponent(patientId)}/erase`),
}
