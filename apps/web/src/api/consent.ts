// Consents: the patient's own (read, answer, withdraw) and the admin's consent texts.
import type {
  AdminConsentTexts,
  ConsentAnswer,
  ConsentDraftBody,
  ConsentDraftUpdateBody,
  ConsentKind,
  ConsentTextView,
  Ok,
  PatientConsents,
} from '@tessera/contracts'
import { api } from './client.ts'

const segment = (value: string): string => encodeURIComponent(value)
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

export const consentApi = {
  mine: (signal?: AbortSignal) => api.get<PatientConsents>('/api/consents', withSignal(signal)),
  answer: (textId: string, answer: ConsentAnswer) =>
    api.post<PatientConsents>('/api/consents', { textId, answer }),
  withdraw: (kind: ConsentKind) => api.post<PatientConsents>('/api/consents/withdraw', { kind }),
  texts: (signal?: AbortSignal) => api.get<AdminConsentTexts>('/api/admin/consent-texts', withSignal(signal)),
  createDraft: (body: ConsentDraftBody) => api.post<ConsentTextView>('/api/admin/consent-texts', body),
  updateDraft: (textId: string, body: ConsentDraftUpdateBody) =>
    api.put<ConsentTextView>(`/api/admin/consent-texts/${segment(textId)}`, body),
  discardDraft: (textId: string) => api.delete<Ok>(`/api/admin/consent-texts/${segment(textId)}`),
  publish: (textId: string) =>
    api.post<ConsentTextView>(`/api/admin/consent-texts/${segment(textId)}/publish`),
}
