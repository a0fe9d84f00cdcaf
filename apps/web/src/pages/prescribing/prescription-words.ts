// Plain words for prescribing states and details, shared by the clinician, pharmacy and patient pages.
import type {
  MedicationView,
  PharmacyTaskState,
  PrescriptionDetails,
  PrescriptionStatus,
  RouteOfAdministration,
  TimelineStep,
} from '@tessera/contracts'

export const ROUTE_LABELS: Record<RouteOfAdministration, string> = {
  oral: 'By mouth (oral)',
  sublingual: 'Under the tongue (sublingual)',
  inhalation: 'Inhaled (vaporised)',
  topical: 'On the skin (topical)',
}

export const PERIOD_LABELS: Record<PrescriptionDetails['frequency']['periodUnit'], string> = {
  h: 'hours',
  d: 'days',
  wk: 'weeks',
}

export const STATUS_LABELS: Record<PrescriptionStatus, string> = {
  draft: 'Draft',
  active: 'Signed',
  completed: 'Dispensed',
  cancelled: 'Returned by the pharmacy',
}

export const TASK_STATE_LABELS: Record<PharmacyTaskState, string> = {
  ready: 'Waiting',
  claimed: 'Claimed',
  checked: 'Checked',
  dispensed: 'Dispensed',
  rejected: 'Rejected',
  shipped: 'Shipped',
  collected: 'Collected',
}

export const TIMELINE_LABELS: Record<TimelineStep['step'], string> = {
  signed: 'Signed by your clinician',
  'at-pharmacy': 'At the pharmacy',
  dispensed: 'Dispensed',
  shipped: 'Shipped',
  collected: 'Collected',
  rejected: 'Returned by the pharmacy',
}

/** "Cannabis oil (T10:C10), THC 10 mg/ml, CBD 10 mg/ml" with the schedule when controlled. */
export function medicationLabel(m: MedicationView): string {
  const cd = m.cdSchedule ? ` · Schedule ${m.cdSchedule} CD` : ''
  return `${m.name}, ${m.strength}${cd}`
}

/** Counted units take a plural ("28 tablets", "1 capsule"); measures and symbols do not ("10 g", "30 ml"). */
const COUNTED_UNITS = new Set([
  'tablet',
  'capsule',
  'pastille',
  'lozenge',
  'patch',
  'sachet',
  'bottle',
  'spray',
  'pack',
])

export function quantityWords(quantity: number, unit: string): string {
  if (quantity === 1 || !COUNTED_UNITS.has(unit)) return `${quantity} ${unit}`
  return `${quantity} ${unit}${unit.endsWith('ch') ? 'es' : 's'}`
}

/** "28 tablets, 28 days, 2 repeats every 21 days". */
export function supplyWords(d: PrescriptionDetails, unit: string): string {
  const repeats =
    d.repeats > 0
      ? `, ${d.repeats} repeat${d.repeats === 1 ? '' : 's'}${d.repeatIntervalDays ? ` every ${d.repeatIntervalDays} days` : ''}`
      : ', no repeats'
  return `${quantityWords(d.quantity, unit)}${d.quantityWords ? ` (${d.quantityWords})` : ''}, ${d.daysSupply} days${repeats}`
}

export function statusTone(status: PrescriptionStatus): 'info' | 'success' | 'warning' | 'danger' {
  if (status === 'completed') return 'success'
  if (status === 'cancelled') return 'danger'
  if (status === 'draft') return 'warning'
  return 'info'
}
