import type { UserListQuery } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { Button } from '../../components/Button.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { TextField } from '../../components/TextField.tsx'

export type UserScope = NonNullable<UserListQuery['scope']>

const SCOPES = [
  { value: 'staff', label: 'Staff' },
  { value: 'patients', label: 'Patients' },
] as const

export interface UserFilterProps {
  onSearch: (query: { scope: UserScope; q: string }) => void
}

/** Staff or patients, and an optional name or email to search for. */
export function UserFilter({ onSearch }: UserFilterProps) {
  const [scope, setScope] = useState<UserScope>('staff')
  const [q, setQ] = useState('')

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault()
    onSearch({ scope, q: q.trim() })
  }

  return (
    <Form className="filter" role="search" aria-label="Find people" onSubmit={submit}>
      <SelectField
        label="Show"
        name="scope"
        value={scope}
        options={SCOPES}
        onChange={(value) => {
          const next: UserScope = value === 'patients' ? 'patients' : 'staff'
          setScope(next)
          onSearch({ scope: next, q: q.trim() })
        }}
      />
      <TextField name="q" type="search" label="Name or email" value={q} onChange={setQ} maxLength={120} />
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </Form>
  )
}
