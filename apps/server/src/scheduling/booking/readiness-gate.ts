// The clinic's readiness gates (issue 7): before booking and before joining, the policy may require
// consent given, intake complete and documents verified. What is missing becomes one 400 naming
// each missing step, worded for whoever is asking.
import type { PatientReadiness, ReadinessGate } from '@tessera/contracts'
import { AppError, type ErrorDetail } from '../../platform/errors.ts'

type Step = keyof ReadinessGate
const STEPS: readonly Step[] = ['consent', 'intake', 'documents']

const FOR_PATIENT: Record<Step, string> = {
  consent: 'Read and accept the privacy notice and the telehealth consent first.',
  intake: 'Complete your health questionnaire first.',
  documents: 'The clinic needs to check your documents first (upload them if you have not).',
}
const FOR_STAFF: Record<Step, string> = {
  consent: 'The patient has not accepted the privacy notice and telehealth consent.',
  intake: 'The patient has not completed the intake questionnaire.',
  documents: "The patient's required documents are not verified yet.",
}

export function missingSteps(gate: ReadinessGate, readiness: PatientReadiness): Step[] {
  return STEPS.filter((step) => gate[step] && readiness[step].state !== 'done')
}

/** Throws a 400 listing what is still needed, or returns when the gate is open. */
export function assertGateOpen(
  gate: ReadinessGate,
  readiness: PatientReadiness,
  audience: 'patient' | 'staff',
  action: 'booking' | 'joining',
): void {
  const missing = missingSteps(gate, readiness)
  if (missing.length === 0) return
  const words = audience === 'patient' ? FOR_PATIENT : FOR_STAFF
  const details: ErrorDetail[] = missing.map((step) => ({ path: `/readiness/${step}`, message: words[step] }))
  const what = action === 'booking' ? 'booking' : 'joining the consultation'
  throw new AppError('invalid', `The clinic asks for a few things before ${what}.`, details)
}
