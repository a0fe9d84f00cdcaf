import type { AppointmentMode } from '@tessera/contracts'
import { useCallback, useId } from 'react'
import { schedulingApi } from '../../api/scheduling.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { MODE_WORDS } from '../../components/scheduling/AppointmentSummary.tsx'
import { useApiData } from '../../lib/use-api-data.ts'

export interface KindChoice {
  typeId: string
  typeName: string
  mode: AppointmentMode
  /** '' for any clinician. */
  clinicianId: string
  /** How far ahead this type can be booked (null when not known). */
  horizonDays: number | null
}

export interface ChooseKindProps {
  value: KindChoice | null
  onChange: (choice: KindChoice) => void
}

async function loadOptions(signal: AbortSignal) {
  const [types, clinicians] = await Promise.all([
    schedulingApi.types(signal),
    schedulingApi.clinicians(signal),
  ])
  return { types: types.types.filter((t) => t.active), clinicians: clinicians.clinicians }
}

/** Which kind of appointment (radio cards) and, when the clinic has more than one, with whom. */
export function ChooseKind({ value, onChange }: ChooseKindProps) {
  const load = useCallback((signal: AbortSignal) => loadOptions(signal), [])
  const [options, reload] = useApiData(load)
  const name = useId()

  if (options.status === 'loading') return <Loading label="Loading the kinds of appointment…" />
  if (options.status === 'error')
    return (
      <>
        <Alert tone="error" title="We could not load the kinds of appointment">
          {options.message}
        </Alert>
        <Button variant="secondary" onPress={reload}>
          Try again
        </Button>
      </>
    )
  const { types, clinicians } = options.data
  if (types.length === 0 || clinicians.length === 0)
    return <p>There is nothing to book online at the moment. Please call the clinic.</p>

  const clinicianId = value?.clinicianId ?? (clinicians.length === 1 ? clinicians[0]!.id : '')
  const pick = (typeId: string, nextClinician: string): void => {
    const type = types.find((t) => t.id === typeId)
    if (!type) return
    onChange({
      typeId: type.id,
      typeName: type.name,
      mode: type.mode,
      clinicianId: nextClinician,
      horizonDays: type.horizonDays,
    })
  }
  return (
    <div className="stack stack--tight">
      <fieldset className="choice-group">
        <legend className="choice-group__legend">What kind of appointment?</legend>
        <div className="choice-group__list">
          {types.map((type) => (
            <label key={type.id} className="choice-card">
              <input
                type="radio"
                name={name}
                value={type.id}
                checked={value?.typeId === type.id}
                onChange={() => pick(type.id, clinicianId)}
              />
              <span className="choice-card__text">
                <span className="choice-card__title">{type.name}</span>
                <span className="choice-card__detail">
                  {type.durationMinutes} minutes, {MODE_WORDS[type.mode].toLowerCase()}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {clinicians.length > 1 ? (
        <SelectField
          label="Who with?"
          name="clinician"
          value={clinicianId}
          options={[
            { value: '', label: 'Anyone (the soonest time)' },
            ...clinicians.map((c) => ({ value: c.id, label: c.name })),
          ]}
          onChange={(next) => (value ? pick(value.typeId, next) : undefined)}
          isDisabled={!value}
          {...(value ? {} : { description: 'Choose the kind of appointment first.' })}
        />
      ) : null}
    </div>
  )
}
