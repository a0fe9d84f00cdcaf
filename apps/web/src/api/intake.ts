// Intake forms: the patient's forms (start, autosave, submit), the care team's summaries, readiness,
// and the admin's form library. Questionnaire and QuestionnaireResponse travel as FHIR JSON.
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes'
import type {
  DocumentCategory,
  IntakeAnswersBody,
  IntakeFormLibrary,
  IntakeFormList,
  IntakeSaved,
  IntakeSession,
  IntakeSummaryList,
  PatientReadiness,
  QuestionnaireVersionView,
} from '@tessera/contracts'
import { api } from './client.ts'

const patientPath = (patientId: string): string => `/api/patients/${encodeURIComponent(patientId)}`
const intakePath = (patientId: string): string => `${patientPath(patientId)}/intake`
const responsePath = (patientId: string, responseId: string): string =>
  `${intakePath(patientId)}/${encodeURIComponent(responseId)}`
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})

/** The session with its FHIR parts typed (the server checked them against R4 and the form engine). */
export interface OpenForm extends Omit<IntakeSession, 'questionnaire' | 'response'> {
  questionnaire: Questionnaire
  response: QuestionnaireResponse
}

function typed(session: IntakeSession): OpenForm {
  return session as unknown as OpenForm
}

export const intakeApi = {
  forms: (patientId: string, signal?: AbortSignal) =>
    api.get<IntakeFormList>(intakePath(patientId), withSignal(signal)),

  /** Opens the form: the response in progress (or the submitted one), else a new one. */
  open: async (patientId: string, url: string): Promise<OpenForm> =>
    typed(await api.post<IntakeSession>(intakePath(patientId), { url })),

  save: (patientId: string, responseId: string, body: IntakeAnswersBody) =>
    api.put<IntakeSaved>(responsePath(patientId, responseId), body),

  submit: (patientId: string, responseId: string, body: IntakeAnswersBody) =>
    api.post<IntakeSaved>(`${responsePath(patientId, responseId)}/submit`, body),

  summaries: (patientId: string, signal?: AbortSignal) =>
    api.get<IntakeSummaryList>(`${patientPath(patientId)}/intake-summaries`, withSignal(signal)),

  readiness: (patientId: string, signal?: AbortSignal) =>
    api.get<PatientReadiness>(`${patientPath(patientId)}/readiness`, withSignal(signal)),

  library: (signal?: AbortSignal) => api.get<IntakeFormLibrary>('/api/intake/forms', withSignal(signal)),

  importForm: (questionnaire: unknown) =>
    api.post<QuestionnaireVersionView>('/api/intake/forms', questionnaire),

  setRequired: (urls: string[]) => api.put<IntakeFormLibrary>('/api/intake/required-forms', { urls }),

  /** The document categories readiness asks for (verified before an appointment). */
  setRequiredDocuments: (categories: DocumentCategory[]) =>
    api.put<IntakeFormLibrary>('/api/intake/required-documents', { categories }),
}
