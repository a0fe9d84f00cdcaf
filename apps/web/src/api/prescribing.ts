// Prescribing and pharmacy (issue 10; apps/server/src/prescribing/README.md): the catalogue, the
// clinician's prescriptions and rule checks, the prescriber's queue, the patient's prescriptions and
// repeat requests, the pharmacy queue and the controlled-drug register. Ids travel in paths to the
// server only; the web app's own addresses never carry them.
import type {
  ControlledDrugRegister,
  DispenseBody,
  HandoverBody,
  MedicationBody,
  MedicationList,
  MedicationView,
  PharmacyList,
  PharmacyTaskList,
  PharmacyTaskView,
  PrescriberQueue,
  PrescriptionCheckBody,
  PrescriptionDraftBody,
  PrescriptionList,
  PrescriptionView,
  RepeatApproval,
  RepeatRequestKind,
  RepeatRequestList,
  RepeatRequestView,
  RuleFindings,
} from '@tessera/contracts'
import { api } from './client.ts'

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {})
const enc = encodeURIComponent
const taskPath = (taskId: string) => `/api/pharmacy/tasks/${enc(taskId)}`

export const prescribingApi = {
  medications: (signal?: AbortSignal) => api.get<MedicationList>('/api/medications', withSignal(signal)),
  pharmacies: (signal?: AbortSignal) => api.get<PharmacyList>('/api/pharmacies', withSignal(signal)),

  /** Rule findings for what is typed so far; saves nothing. */
  check: (body: PrescriptionCheckBody, signal?: AbortSignal) =>
    api.post<RuleFindings>('/api/prescriptions/check', body, withSignal(signal)),
  createDraft: (body: PrescriptionDraftBody) => api.post<PrescriptionView>('/api/prescriptions', body),
  updateDraft: (prescriptionId: string, body: PrescriptionDraftBody) =>
    api.put<PrescriptionView>(`/api/prescriptions/${enc(prescriptionId)}`, body),
  discardDraft: (prescriptionId: string) =>
    api.delete<PrescriptionView>(`/api/prescriptions/${enc(prescriptionId)}`),
  /** Needs a second factor from the last 5 minutes (wrap in useProtectedAction). */
  sign: (prescriptionId: string, acknowledge: string[]) =>
    api.post<PrescriptionView>(`/api/prescriptions/${enc(prescriptionId)}/sign`, { acknowledge }),
  forPatient: (patientId: string, signal?: AbortSignal) =>
    api.get<PrescriptionList>(`/api/patients/${enc(patientId)}/prescriptions`, withSignal(signal)),

  queue: (signal?: AbortSignal) => api.get<PrescriberQueue>('/api/prescribing/queue', withSignal(signal)),
  /** Needs a recent second factor, like signing. */
  approve: (requestId: string, acknowledge: string[]) =>
    api.post<RepeatApproval>(`/api/repeat-requests/${enc(requestId)}/approve`, { acknowledge }),
  decline: (requestId: string, message: string) =>
    api.post<RepeatRequestView>(`/api/repeat-requests/${enc(requestId)}/decline`, { message }),
}

export const myPrescriptionsApi = {
  list: (signal?: AbortSignal) => api.get<PrescriptionList>('/api/my/prescriptions', withSignal(signal)),
  requests: (signal?: AbortSignal) =>
    api.get<RepeatRequestList>('/api/my/repeat-requests', withSignal(signal)),
  request: (prescriptionId: string, kind: RepeatRequestKind) =>
    api.post<RepeatRequestView>(`/api/my/prescriptions/${enc(prescriptionId)}/requests`, { kind }),
}

export const pharmacyApi = {
  tasks: (state: 'open' | 'closed' | 'all', signal?: AbortSignal) =>
    api.get<PharmacyTaskList>(`/api/pharmacy/tasks?state=${state}`, withSignal(signal)),
  claim: (taskId: string) => api.post<PharmacyTaskView>(`${taskPath(taskId)}/claim`),
  check: (taskId: string) => api.post<PharmacyTaskView>(`${taskPath(taskId)}/check`),
  dispense: (taskId: string, body: DispenseBody) =>
    api.post<PharmacyTaskView>(`${taskPath(taskId)}/dispense`, body),
  reject: (taskId: string, reason: string) =>
    api.post<PharmacyTaskView>(`${taskPath(taskId)}/reject`, { reason }),
  handover: (taskId: string, method: HandoverBody['method']) =>
    api.post<PharmacyTaskView>(`${taskPath(taskId)}/handover`, { method }),
  controlledDrugs: (signal?: AbortSignal) =>
    api.get<ControlledDrugRegister>('/api/pharmacy/controlled-drugs', withSignal(signal)),
}

export const catalogueAdminApi = {
  list: (signal?: AbortSignal) => api.get<MedicationList>('/api/admin/medications', withSignal(signal)),
  add: (body: MedicationBody) => api.post<MedicationView>('/api/admin/medications', body),
  retire: (medicationId: string) =>
    api.post<MedicationView>(`/api/admin/medications/${enc(medicationId)}/retire`),
}
