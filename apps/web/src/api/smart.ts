// SMART on FHIR: the consent screen, a person's connected apps, and the admin's app registry.
import type {
  ConnectedAppList,
  Ok,
  RegisterSmartAppBody,
  RegisteredSmartApp,
  SmartAppList,
  SmartConsentView,
  SmartDecision,
} from '@tessera/contracts'
import { api } from './client.ts'

const segment = (value: string): string => encodeURIComponent(value)
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

export const smartApi = {
  request: (requestId: string, signal?: AbortSignal) =>
    api.get<SmartConsentView>(`/api/smart/requests/${segment(requestId)}`, withSignal(signal)),
  decide: (requestId: string, decision: 'allow' | 'deny') =>
    api.post<SmartDecision>(`/api/smart/requests/${segment(requestId)}/${decision}`),
  connections: (signal?: AbortSignal) =>
    api.get<ConnectedAppList>('/api/smart/connections', withSignal(signal)),
  disconnect: (clientId: string) => api.delete<Ok>(`/api/smart/connections/${segment(clientId)}`),
  apps: (signal?: AbortSignal) => api.get<SmartAppList>('/api/admin/smart-apps', withSignal(signal)),
  register: (body: RegisterSmartAppBody) => api.post<RegisteredSmartApp>('/api/admin/smart-apps', body),
  disable: (clientId: string) => api.post<Ok>(`/api/admin/smart-apps/${segment(clientId)}/disable`),
}
