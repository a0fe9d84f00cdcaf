import type { AuditOutcome, AuditPerson } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import type { AuditFilterValues } from '../../../api/audit.ts'
import { Alert } from '../../../components/Alert.tsx'
import { Button } from '../../../components/Button.tsx'
import { SelectField } from '../../../components/SelectField.tsx'
import { TextField } from '../../../components/TextField.tsx'
import { dayRange } from './audit-format.ts'
import { PersonPicker } from './PersonPicker.tsx'

const OUTCOMES = [
  { value: '', label: 'Any outcome' },
  { value: 'success', label: 'Allowed' },
  { value: 'denied', label: 'Denied' },
  { value: 'failure', label: 'Failed' },
] as const

const ACTION_PATTERN = '[a-z][a-z0-9\\-]*(\\.[a-z0-9\\-]+)*'

function isOutcome(value: string): value is AuditOutcome {
  return value === 'success' || value === 'denied' || value === 'failure'
}

export interface AuditFilterFormProps {
  onSearch: (filters: AuditFilterValues) => void
}

/** Who, about whom, what, when and with what outcome: every filter is optional. */
export function AuditFilterForm({ onSearch }: AuditFilterFormProps) {
  const [patient, setPatient] = useState<AuditPerson | null>(null)
  const [actor, setActor] = useState<AuditPerson | null>(null)
  const [action, setAction] = useState('')
  const [fromDay, setFromDay] = useState('')
  const [toDay, setToDay] = useState('')
  const [outcome, setOutcome] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  // Clearing remounts the pickers, which own the text typed into them.
  const [generation, setGeneration] = useState(0)

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    if (fromDay && toDay && toDay < fromDay) {
      setProblem('The “to” date is before the “from” date.')
      return
    }
    setProblem(null)
    const trimmed = action.trim()
    onSearch({
      ...(patient ? { patientId: patient.id } : {}),
      ...(actor ? { actorId: actor.id } : {}),
      ...(trimmed ? { action: trimmed } : {}),
      ...(isOutcome(outcome) ? { outcome } : {}),
      ...dayRange(fromDay, toDay),
    })
  }

  const clear = (): void => {
    setPatient(null)
    setActor(null)
    setAction('')
    setFromDay('')
    setToDay('')
    setOutcome('')
    setProblem(null)
    setGeneration((n) => n + 1)
    onSearch({})
  }

  return (
    <Form className="audit-filter" role="search" aria-label="Filter the audit trail" onSubmit={submit}>
      <Alert tone="error">{problem}</Alert>
      <div className="audit-filter__grid">
        <PersonPicker
          key={`patient-${generation}`}
          label="Patient"
          description="Whose record: type part of a name or email."
          kind="patient"
          value={patient}
          onChange={setPatient}
        />
        <PersonPicker
          key={`actor-${generation}`}
          label="Person"
          description="Who did it: staff or patient."
          value={actor}
          onChange={setActor}
        />
        <TextField
          name="action"
          label="Action"
          description="For example patient.read or auth.sign-in."
          value={action}
          onChange={setAction}
          maxLength={64}
          pattern={ACTION_PATTERN}
          patternMessage="Use an action name like patient.read (lower case, dots between parts)."
        />
        <SelectField
          label="Outcome"
          name="outcome"
          value={outcome}
          options={OUTCOMES}
          onChange={setOutcome}
        />
        <TextField name="from" type="date" label="From" value={fromDay} onChange={setFromDay} />
        <TextField name="to" type="date" label="To (inclusive)" value={toDay} onChange={setToDay} />
      </div>
      <div className="button-row">
        <Button type="submit">Search</Button>
        <Button variant="secondary" onPress={clear}>
          Clear filters
        </Button>
      </div>
    </Form>
  )
}
