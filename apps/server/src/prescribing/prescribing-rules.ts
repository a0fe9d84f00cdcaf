// The prescribing rules, as data (S42): each is one entry in docs/hazard-log.md, which names the
// test that proves it. The same list answers the clinician as they type (`check`) and decides on
// the server when they sign; errors block signing, warnings must be acknowledged by id.
// Legal basis (UK): Human Medicines Regulations 2012 (prescribers); Misuse of Drugs Regulations
// 2001 reg. 15 (Schedule 2/3: quantity in words and figures) and reg. 16 (valid 28 days);
// Department of Health guidance (Schedule 2-4: at most 30 days' supply; no repeats for 2 and 3);
// Misuse of Drugs (Amendment) (No. 2) Regulations 2018 (cannabis-based products for medicinal use:
// only a doctor on the GMC Specialist Register may decide to prescribe).
import type {
  MedicationKind,
  PrescriptionDetails,
  ReadinessState,
  RuleFinding,
  RuleSeverity,
} from '@tessera/contracts'
import { numberFromWords } from './quantity-words.ts'

export interface RuleFacts {
  prescriber: { prescriber: boolean; specialist: boolean }
  medication: {
    name: string
    kind: MedicationKind
    cdSchedule: number | null
    therapeuticGroup: string
    ingredients: readonly string[]
  } | null
  details: Partial<PrescriptionDetails>
  pharmacyChosen: boolean
  patient: {
    consent: ReadinessState
    intake: ReadinessState
    /** Substances in the patient's active AllergyIntolerance records (code text or display). */
    allergies: readonly string[]
    /** The patient's other active prescriptions (draft excluded). */
    activeTherapies: ReadonlyArray<{ name: string; therapeuticGroup: string }>
  }
}

export interface PrescribingRule {
  /** Stable id: the API's `rule`, the hazard log's entry, what `acknowledge` lists. */
  id: string
  severity: RuleSeverity
  field: string
  /** True when the prescription breaks the rule. */
  breaks(f: RuleFacts): boolean
  message(f: RuleFacts): string
}

/** Schedule 2 and 3: valid for 28 days from signing; others: 6 months (HMR 2012 reg. 217). */
export const CD_VALIDITY_DAYS = 28
export const STANDARD_VALIDITY_DAYS = 180
export const CD_MAX_DAYS_SUPPLY = 30

const cd = (f: RuleFacts, ...schedules: number[]): boolean =>
  f.medication?.cdSchedule != null && schedules.includes(f.medication.cdSchedule)

const REQUIRED: ReadonlyArray<[keyof PrescriptionDetails, string]> = [
  ['dose', 'the dose'],
  ['doseText', 'the directions'],
  ['route', 'the route'],
  ['frequency', 'how often'],
  ['quantity', 'the quantity'],
  ['daysSupply', "the days' supply"],
  ['repeats', 'the number of repeats'],
]

function missing(f: RuleFacts): string[] {
  const out = REQUIRED.filter(([k]) => f.details[k] === undefined).map(([, label]) => label)
  if (!f.medication) out.unshift('the medicine')
  if (!f.pharmacyChosen) out.push('the pharmacy')
  return out
}

function allergyMatches(f: RuleFacts): string[] {
  const m = f.medication
  if (!m) return []
  const names = [m.name, m.therapeuticGroup, ...m.ingredients].map((n) => n.toLowerCase())
  return f.patient.allergies.filter((a) => {
    const allergy = a.toLowerCase().trim()
    return allergy.length > 2 && names.some((n) => n.includes(allergy) || allergy.includes(n))
  })
}

function duplicates(f: RuleFacts): string[] {
  const m = f.medication
  if (!m) return []
  return f.patient.activeTherapies
    .filter((t) => t.therapeuticGroup.toLowerCase() === m.therapeuticGroup.toLowerCase())
    .map((t) => t.name)
}

export const PRESCRIBING_RULES: readonly PrescribingRule[] = [
  {
    id: 'complete',
    severity: 'error',
    field: 'details',
    breaks: (f) => missing(f).length > 0,
    message: (f) => `Still needed: ${missing(f).join(', ')}.`,
  },
  {
    id: 'prescriber-flag',
    severity: 'error',
    field: 'prescriber',
    breaks: (f) => !f.prescriber.prescriber,
    message: () => 'Only a clinician registered here as a prescriber can sign prescriptions.',
  },
  {
    id: 'cbpm-specialist',
    severity: 'error',
    field: 'medicationId',
    breaks: (f) => f.medication?.kind === 'cbpm' && !f.prescriber.specialist,
    message: () =>
      'Cannabis-based products for medicinal use can only be prescribed by a clinician on the specialist register.',
  },
  {
    id: 'cd-max-30-days',
    severity: 'error',
    field: 'details/daysSupply',
    breaks: (f) => cd(f, 2, 3, 4) && (f.details.daysSupply ?? 0) > CD_MAX_DAYS_SUPPLY,
    message: (f) =>
      `Schedule ${f.medication?.cdSchedule} controlled drugs: at most ${CD_MAX_DAYS_SUPPLY} days' supply.`,
  },
  {
    id: 'cd-quantity-in-words',
    severity: 'error',
    field: 'details/quantityWords',
    breaks: (f) => cd(f, 2, 3) && !f.details.quantityWords?.trim(),
    message: (f) => `Schedule ${f.medication?.cdSchedule}: write the quantity in words as well as figures.`,
  },
  {
    id: 'cd-words-match-figures',
    severity: 'error',
    field: 'details/quantityWords',
    breaks: (f) =>
      cd(f, 2, 3) &&
      Boolean(f.details.quantityWords?.trim()) &&
      numberFromWords(f.details.quantityWords!) !== (f.details.quantity ?? null),
    message: (f) => {
      const words = numberFromWords(f.details.quantityWords ?? '')
      return words === null
        ? 'The quantity in words could not be read as a number (e.g. "thirty", "one hundred and twenty").'
        : `The quantity in words (${words}) does not match the figures (${f.details.quantity ?? 'none'}).`
    },
  },
  {
    id: 'cd-no-repeats',
    severity: 'error',
    field: 'details/repeats',
    breaks: (f) => cd(f, 2, 3) && (f.details.repeats ?? 0) > 0,
    message: (f) =>
      `Schedule ${f.medication?.cdSchedule} controlled drugs cannot be prescribed with repeats.`,
  },
  {
    id: 'repeat-interval',
    severity: 'error',
    field: 'details/repeatIntervalDays',
    breaks: (f) => (f.details.repeats ?? 0) > 0 && f.details.repeatIntervalDays === undefined,
    message: () => 'Give the interval between repeats.',
  },
  {
    id: 'telehealth-consent',
    severity: 'error',
    field: 'patient',
    breaks: (f) => f.patient.consent !== 'done',
    message: () => 'The patient has not given the privacy notice and telehealth consent.',
  },
  {
    id: 'intake-complete',
    severity: 'error',
    field: 'patient',
    breaks: (f) => f.patient.intake !== 'done',
    message: () => "The patient's intake forms are not complete.",
  },
  {
    id: 'duplicate-therapy',
    severity: 'warning',
    field: 'medicationId',
    breaks: (f) => duplicates(f).length > 0,
    message: (f) =>
      `The patient already has an active prescription in this group: ${duplicates(f).join(', ')}.`,
  },
  {
    id: 'recorded-allergy',
    severity: 'warning',
    field: 'medicationId',
    breaks: (f) => allergyMatches(f).length > 0,
    message: (f) => `Recorded allergy: ${allergyMatches(f).join(', ')}.`,
  },
]

export function evaluateRules(facts: RuleFacts): RuleFinding[] {
  return PRESCRIBING_RULES.filter((r) => r.breaks(facts)).map((r) => ({
    rule: r.id,
    severity: r.severity,
    field: r.field,
    message: r.message(facts),
  }))
}

/** Warnings the prescriber has not acknowledged (signing refuses while any remain). */
export function unacknowledged(
  findings: readonly RuleFinding[],
  acknowledged: readonly string[],
): RuleFinding[] {
  return findings.filter((f) => f.severity === 'warning' && !acknowledged.includes(f.rule))
}

/** Until when a prescription signed at `signedAt` may be dispensed (rule `cd-validity-28-days`). */
export function validUntil(cdSchedule: number | null, signedAt: Date): Date {
  const days =
    cdSchedule === 2 || cdSchedule === 3 || cdSchedule === 4 ? CD_VALIDITY_DAYS : STANDARD_VALIDITY_DAYS
  return new Date(signedAt.getTime() + days * 86_400_000)
}
