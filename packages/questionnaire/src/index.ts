// Public API of @tessera/questionnaire: FHIR R4 Questionnaire intake forms for the server and the
// web app. Pure functions, no I/O, no module-level state. See README.md.

export type { ItemType, PathError, ResponseIssue } from './types.ts'
export { validateQuestionnaire, type QuestionnaireCheck } from './validate-questionnaire.ts'
export { validateResponse } from './validate-response.ts'
export { isEnabled, enabledItems, enabledLinkIds, pruneDisabled, type EnabledItem } from './enable-when.ts'
export { score, type ScoreResult, type GroupScore, type InstrumentScore } from './score.ts'
export { exclusionFlags, type ExclusionFlag } from './exclusion.ts'
export {
  sectionsOf,
  controlFor,
  initialAnswers,
  newResponse,
  RADIO_MAX_OPTIONS,
  type Section,
  type Control,
} from './render.ts'
export { choicesOf, type AnswerChoice } from './options.ts'
export { readValue, toAnswer, type AnswerValue, type ValueType } from './values.ts'
export { canonicalOf, SUPPORTED_TYPES } from './items.ts'
export {
  INSTRUMENTS,
  PHQ9_URL,
  GAD7_URL,
  bandOf,
  instrumentFor,
  type Instrument,
  type InstrumentId,
  type SeverityBand,
} from './instruments.ts'
export {
  EXCLUSION_FLAG_URL,
  EXCLUSION_SYSTEM,
  ITEM_CONTROL_SYSTEM,
  ITEM_CONTROL_URL,
  ITEM_WEIGHT_URL,
  ORDINAL_VALUE_URL,
} from './extensions.ts'
export { cannabisIntake, CANNABIS_INTAKE_URL } from './seeds/cannabis-intake.ts'
export { phq9 } from './seeds/phq-9.ts'
export { gad7 } from './seeds/gad-7.ts'
export { SEED_QUESTIONNAIRES } from './seeds/index.ts'
