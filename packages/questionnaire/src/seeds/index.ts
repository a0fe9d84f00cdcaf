// The questionnaires a new clinic starts with (imported through the same checks as any other).
import type { Questionnaire } from '@medplum/fhirtypes'
import { cannabisIntake } from './cannabis-intake.ts'
import { gad7 } from './gad-7.ts'
import { phq9 } from './phq-9.ts'

export const SEED_QUESTIONNAIRES: readonly Questionnaire[] = [cannabisIntake, phq9, gad7]
