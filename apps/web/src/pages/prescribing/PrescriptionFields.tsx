import type { MedicationView, PharmacyView } from '@tessera/contracts'
import { SelectField } from '../../components/SelectField.tsx'
import { TextField } from '../../components/TextField.tsx'
import type { DraftFields } from './prescription-draft.ts'
import { medicationLabel, PERIOD_LABELS, ROUTE_LABELS } from './prescription-words.ts'

export interface PrescriptionFieldsProps {
  fields: DraftFields
  onChange: (patch: Partial<DraftFields>) => void
  medications: readonly MedicationView[]
  pharmacies: readonly PharmacyView[]
  isDisabled: boolean
}

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }))

/** Product, dose (structured and as text), route, frequency, quantity, supply, repeats, pharmacy. */
export function PrescriptionFields({
  fields: f,
  onChange,
  medications,
  pharmacies,
  isDisabled,
}: PrescriptionFieldsProps) {
  const medication = medications.find((m) => m.id === f.medicationId)
  const inWords = medication?.cdSchedule === 2 || medication?.cdSchedule === 3
  const unit = medication?.unit ?? 'units'
  const text = (name: keyof DraftFields, label: string, extra: { description?: string } = {}) => (
    <TextField
      label={label}
      name={name}
      value={f[name]}
      onChange={(value) => onChange({ [name]: value })}
      isRequired
      requiredMessage={`Enter the ${label.toLowerCase()}.`}
      isDisabled={isDisabled}
      {...extra}
    />
  )
  return (
    <>
      <SelectField
        label="Medicine"
        name="medicationId"
        value={f.medicationId}
        onChange={(medicationId) => onChange({ medicationId })}
        options={[
          { value: '', label: 'Choose from the catalogue…' },
          ...medications.map((m) => ({ value: m.id, label: medicationLabel(m) })),
        ]}
        isDisabled={isDisabled}
      />
      <fieldset className="rx-fieldset">
        <legend className="field__label">Dose</legend>
        <div className="rx-grid">
          {text('doseValue', 'Dose amount')}
          {text('doseUnit', 'Dose unit', { description: 'mg, ml, g, tablet…' })}
        </div>
        {text('doseText', 'Directions for the patient', {
          description: 'As the label will read, e.g. "Take one tablet each morning".',
        })}
        <SelectField
          label="Route"
          name="route"
          value={f.route}
          onChange={(route) => onChange({ route: route as DraftFields['route'] })}
          options={options(ROUTE_LABELS)}
          isDisabled={isDisabled}
        />
      </fieldset>
      <fieldset className="rx-fieldset">
        <legend className="field__label">How often</legend>
        <div className="rx-grid">
          {text('times', 'Doses')}
          {text('period', 'Every')}
          <SelectField
            label="Period"
            name="periodUnit"
            value={f.periodUnit}
            onChange={(periodUnit) => onChange({ periodUnit: periodUnit as DraftFields['periodUnit'] })}
            options={options(PERIOD_LABELS)}
            isDisabled={isDisabled}
          />
        </div>
      </fieldset>
      <fieldset className="rx-fieldset">
        <legend className="field__label">Supply</legend>
        <div className="rx-grid">
          {text('quantity', `Quantity (${unit})`)}
          {text('daysSupply', "Days' supply")}
        </div>
        {inWords
          ? text('quantityWords', 'Quantity in words', {
              description: `Schedule ${medication?.cdSchedule} controlled drug: the quantity in words as well as figures, e.g. "thirty".`,
            })
          : null}
        <div className="rx-grid">
          {text('repeats', 'Repeats', { description: '0 for none.' })}
          {Number(f.repeats) > 0 ? text('repeatIntervalDays', 'Days between repeats') : null}
        </div>
      </fieldset>
      <SelectField
        label="Pharmacy"
        name="pharmacyId"
        value={f.pharmacyId}
        onChange={(pharmacyId) => onChange({ pharmacyId })}
        options={[
          { value: '', label: 'Choose a pharmacy…' },
          ...pharmacies.map((p) => ({ value: p.id, label: p.name })),
        ]}
        isDisabled={isDisabled}
      />
    </>
  )
}
