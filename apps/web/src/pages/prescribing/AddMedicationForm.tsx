import type { MedicationBody, MedicationView } from '@tessera/contracts'
import { useState } from 'react'
import { Form } from 'react-aria-components'
import { catalogueAdminApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { TextField } from '../../components/TextField.tsx'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'

export interface AddMedicationFormProps {
  onAdded: (m: MedicationView) => void
  onCancel: () => void
}

const FORMS: MedicationBody['form'][] = [
  'tablet',
  'capsule',
  'oral-solution',
  'oil',
  'flower',
  'spray',
  'other',
]

/** A new catalogue product; cannabis-based products also need THC, CBD and a schedule (server-checked). */
export function AddMedicationForm({ onAdded, onCancel }: AddMedicationFormProps) {
  const [v, setV] = useState({
    name: '',
    kind: 'licensed' as MedicationBody['kind'],
    form: 'tablet' as MedicationBody['form'],
    strength: '',
    thcContent: '',
    cbdContent: '',
    cdSchedule: '',
    therapeuticGroup: '',
    ingredients: '',
    unit: '',
  })
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<SubmitErrors | null>(null)
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }))
  const text = (name: keyof typeof v, label: string, required = true, description?: string) => (
    <TextField
      label={label}
      name={name}
      value={v[name]}
      onChange={(value) => set({ [name]: value })}
      isRequired={required}
      requiredMessage={`Enter the ${label.toLowerCase()}.`}
      {...(description ? { description } : {})}
    />
  )

  const submit = async (): Promise<void> => {
    const body: MedicationBody = {
      name: v.name.trim(),
      kind: v.kind,
      form: v.form,
      strength: v.strength.trim(),
      therapeuticGroup: v.therapeuticGroup.trim(),
      ingredients: v.ingredients
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      unit: v.unit.trim(),
      ...(v.thcContent.trim() ? { thcContent: v.thcContent.trim() } : {}),
      ...(v.cbdContent.trim() ? { cbdContent: v.cbdContent.trim() } : {}),
      ...(v.cdSchedule ? { cdSchedule: Number(v.cdSchedule) } : {}),
    }
    setPending(true)
    setError(null)
    try {
      onAdded(await catalogueAdminApi.add(body))
    } catch (err) {
      setError(toSubmitErrors(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <Form
      className="stack"
      validationErrors={error?.fields ?? {}}
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      {text('name', 'Name')}
      <SelectField
        label="Kind"
        name="kind"
        value={v.kind}
        onChange={(kind) => set({ kind: kind as MedicationBody['kind'] })}
        options={[
          { value: 'licensed', label: 'Licensed medicine' },
          { value: 'cbpm', label: 'Cannabis-based product for medicinal use (unlicensed)' },
        ]}
      />
      <SelectField
        label="Form"
        name="form"
        value={v.form}
        onChange={(form) => set({ form: form as MedicationBody['form'] })}
        options={FORMS.map((f) => ({ value: f, label: f }))}
      />
      {text('strength', 'Strength', true, 'e.g. "50 mg" or "THC 18% / CBD <1%".')}
      {v.kind === 'cbpm' ? text('thcContent', 'THC content') : null}
      {v.kind === 'cbpm' ? text('cbdContent', 'CBD content') : null}
      <SelectField
        label="Controlled-drug schedule"
        name="cdSchedule"
        value={v.cdSchedule}
        onChange={(cdSchedule) => set({ cdSchedule })}
        options={[
          { value: '', label: 'Not a controlled drug' },
          ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: `Schedule ${n}` })),
        ]}
      />
      {text(
        'therapeuticGroup',
        'Therapeutic group',
        true,
        'Used for the duplicate-therapy warning, e.g. "ssri".',
      )}
      {text(
        'ingredients',
        'Active ingredients',
        true,
        'Separated by commas; matched against recorded allergies.',
      )}
      {text('unit', 'Counted in', true, 'tablet, capsule, ml or g.')}
      <Alert tone="error">{error?.message}</Alert>
      <div className="button-row">
        <Button type="submit" isPending={pending}>
          Add to the catalogue
        </Button>
        <Button variant="secondary" isDisabled={pending} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}
