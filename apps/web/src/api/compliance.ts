// The compliance centre: the live checklist and the processors register (issue 12).
import type { ComplianceReport, ProcessorList } from '@tessera/contracts'
import { api } from './client.ts'

export const complianceApi = {
  report: (signal?: AbortSignal) =>
    api.get<ComplianceReport>('/api/admin/compliance', signal ? { signal } : {}),
  processors: (signal?: AbortSignal) =>
    api.get<ProcessorList>('/api/admin/processors', signal ? { signal } : {}),
}
