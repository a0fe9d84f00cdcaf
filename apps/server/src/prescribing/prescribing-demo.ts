// The demo clinic's medicines catalogue and pharmacy (`tessera seed-demo`): a few licensed
// medicines, controlled drugs of Schedules 2 and 5, and cannabis-based products; one pharmacy that
// the demo pharmacist works for. Dr Okafor (prescriber, specialist register) can prescribe all of it.
import type { MedicationBody } from '@tessera/contracts'
import type { AppContext } from '../context.ts'

export const DEMO_CATALOGUE: readonly MedicationBody[] = [
  {
    name: 'Sertraline',
    kind: 'licensed',
    form: 'tablet',
    strength: '50 mg',
    therapeuticGroup: 'ssri',
    ingredients: ['sertraline'],
    unit: 'tablet',
  },
  {
    name: 'Amitriptyline',
    kind: 'licensed',
    form: 'tablet',
    strength: '10 mg',
    therapeuticGroup: 'tricyclic',
    ingredients: ['amitriptyline'],
    unit: 'tablet',
  },
  {
    name: 'Codeine phosphate',
    kind: 'licensed',
    form: 'tablet',
    strength: '30 mg',
    cdSchedule: 5,
    therapeuticGroup: 'opioid',
    ingredients: ['codeine'],
    unit: 'tablet',
  },
  {
    name: 'Morphine sulfate oral solution',
    kind: 'licensed',
    form: 'oral-solution',
    strength: '10 mg/5 ml',
    cdSchedule: 2,
    therapeuticGroup: 'opioid',
    ingredients: ['morphine'],
    unit: 'ml',
  },
  {
    name: 'Cannabis flower (T18)',
    kind: 'cbpm',
    form: 'flower',
    strength: 'THC 18% / CBD <1%',
    thcContent: '18%',
    cbdContent: '<1%',
    cdSchedule: 2,
    therapeuticGroup: 'cannabinoid',
    ingredients: ['cannabis', 'THC'],
    unit: 'g',
  },
  {
    name: 'Cannabis oil (T10:C10)',
    kind: 'cbpm',
    form: 'oil',
    strength: 'THC 10 mg/ml, CBD 10 mg/ml',
    thcContent: '10 mg/ml',
    cbdContent: '10 mg/ml',
    cdSchedule: 2,
    therapeuticGroup: 'cannabinoid',
    ingredients: ['cannabis', 'THC', 'CBD'],
    unit: 'ml',
  },
  {
    name: 'Cannabis capsules (C25)',
    kind: 'cbpm',
    form: 'capsule',
    strength: 'CBD 25 mg, THC <1 mg',
    thcContent: '<1 mg',
    cbdContent: '25 mg',
    cdSchedule: 2,
    therapeuticGroup: 'cannabinoid',
    ingredients: ['cannabis', 'CBD'],
    unit: 'capsule',
  },
]

export const DEMO_PHARMACY = {
  name: 'Riverside Pharmacy (demo)',
  address: '12 Mill Lane, Riverside RV1 2AB',
  phone: '01632 960123',
}

export async function seedPrescribingDemo(
  ctx: AppContext,
  users: ReadonlyArray<{ id: string; role: string }>,
): Promise<void> {
  const { catalogue } = ctx.prescribing
  for (const m of DEMO_CATALOGUE) await catalogue.createMedication(m)
  const pharmacy = await catalogue.createPharmacy(DEMO_PHARMACY)
  for (const u of users.filter((x) => x.role === 'pharmacist')) await catalogue.addMember(pharmacy.id, u.id)
}
