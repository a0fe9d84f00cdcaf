// The compliance centre: the live checklist and the processors register (issue 12).
import type { ComplianceReport, ProcessorBody, ProcessorList, ProcessorView } from '@tessera/contracts'
import { api } from './client.ts'

export const complianceApi = {
  report: (signal?: AbortSignal) =>
    api.get<ComplianceReport>('/api/admin/compliance', signal ? { signal } : {}),
  processors: (signal?: AbortSignal) =>
    api.get<ProcessorList>('/api/admin/processors', signal ? { signal } : {}),
  createProcessor: (body: ProcessorBody) => api.post<ProcessorView>('/api/admin/processors', body),
  updateProcessor: (id: string, body: ProcessorBody) =>
    api.put<ProcessorView>(`/api/admin/processors/${encodeURIComponent(id)}`, body),
  deleteProcessor: (id: string) =>
    api.delete<ProcessorList>(`/api/admin/processors/${encodeURIComponent(id)}`),
}
