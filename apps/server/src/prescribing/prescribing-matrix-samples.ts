// Sample bodies for the authorisation matrix (testing/matrix-samples.ts): valid shapes, so each
// request reaches the access checks. Ids are random or the target patient's; nothing here exists.
import { SERTRALINE_DETAILS } from './prescribing-test-kit.ts'

interface Ids {
  patientId: string
  any: string
}

const medication = {
  name: 'Matrix tablet',
  kind: 'licensed',
  form: 'tablet',
  strength: '1 mg',
  therapeuticGroup: 'matrix',
  ingredients: ['matrix'],
  unit: 'tablet',
}
const draft = (ids: Ids) => ({
  patientId: ids.patientId,
  medicationId: ids.any,
  pharmacyId: ids.any,
  details: SERTRALINE_DETAILS,
})

export const PRESCRIBING_SAMPLE_BODIES: Record<string, (ids: Ids) => unknown> = {
  'POST /api/admin/medications': () => medication,
  'PUT /api/admin/medications/:medicationId': () => medication,
  'POST /api/admin/pharmacies': () => ({ name: 'Matrix pharmacy', address: '1 Matrix Road' }),
  'PUT /api/admin/pharmacies/:pharmacyId': () => ({ name: 'Matrix pharmacy', address: '1 Matrix Road' }),
  'POST /api/admin/pharmacies/:pharmacyId/members': (ids) => ({ accountId: ids.any }),
  'POST /api/prescriptions/check': (ids) => ({ patientId: ids.patientId }),
  'POST /api/prescriptions': draft,
  'PUT /api/prescriptions/:prescriptionId': draft,
  'POST /api/prescriptions/:prescriptionId/sign': () => ({ acknowledge: [] }),
  'POST /api/repeat-requests/:requestId/approve': () => ({ acknowledge: [] }),
  'POST /api/repeat-requests/:requestId/decline': () => ({ message: 'Matrix decline' }),
  'POST /api/my/prescriptions/:prescriptionId/requests': () => ({ kind: 'repeat' }),
  'POST /api/pharmacy/tasks/:taskId/dispense': () => ({ batch: 'M1', expiry: '2099-01-01' }),
  'POST /api/pharmacy/tasks/:taskId/reject': () => ({ reason: 'Matrix reject' }),
  'POST /api/pharmacy/tasks/:taskId/handover': () => ({ method: 'shipped' }),
}
