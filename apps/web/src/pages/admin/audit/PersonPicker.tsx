import type { AuditPerson } from '@tessera/contracts'
import {
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  useAsyncList,
} from 'react-aria-components'
import { auditApi } from '../../../api/audit.ts'
import { ROLE_LABELS } from '../../../lib/roles.ts'

const SEARCH_DELAY_MS = 250

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer)
      resolve()
    })
  })
}

export interface PersonPickerProps {
  label: string
  description: string
  /** Only patients, only staff, or anyone. */
  kind?: 'patient' | 'staff'
  value: AuditPerson | null
  onChange: (person: AuditPerson | null) => void
}

/**
 * Find a person by name or email (two letters or more) and pick them: a React Aria combobox, so
 * the list is announced, arrow keys move through it, and Escape closes it.
 */
export function PersonPicker({ label, description, kind, value, onChange }: PersonPickerProps) {
  const list = useAsyncList<AuditPerson>({
    initialFilterText: value?.displayName ?? '',
    async load({ signal, filterText }) {
      const q = (filterText ?? '').trim()
      if (q.length < 2) return { items: value ? [value] : [] }
      // Wait for a pause in typing: every search is on the audit record of the patients it finds.
      await pause(SEARCH_DELAY_MS, signal)
      if (signal.aborted) return { items: [] }
      const { people } = await auditApi.people(kind ? { q, kind } : { q }, signal)
      return { items: people }
    },
  })

  return (
    <ComboBox
      className="field person-picker"
      items={list.items}
      inputValue={list.filterText}
      onInputChange={(text) => {
        list.setFilterText(text)
        // Typing something else after picking someone un-picks them.
        if (value && text !== value.displayName) onChange(null)
      }}
      selectedKey={value?.id ?? null}
      onSelectionChange={(key) => {
        const person = list.items.find((p) => p.id === key) ?? null
        // Both the text and the selection are controlled here, so the text follows the pick.
        if (person) list.setFilterText(person.displayName)
        onChange(person)
      }}
      allowsEmptyCollection
      menuTrigger="input"
    >
      <Label className="field__label">
        {label}
        <span className="field__optional"> (optional)</span>
      </Label>
      <Text slot="description" className="field__description">
        {description}
      </Text>
      <Input className="field__input" />
      <Popover className="person-picker__popover" placement="bottom start">
        <ListBox<AuditPerson>
          className="person-picker__list"
          renderEmptyState={() => (
            <p className="person-picker__empty">
              {list.isLoading ? 'Searching…' : 'No one matches. Type at least two letters.'}
            </p>
          )}
        >
          {(person) => (
            <ListBoxItem id={person.id} textValue={person.displayName} className="person-picker__option">
              <span className="person-picker__name">{person.displayName}</span>
              <span className="person-picker__meta">
                {ROLE_LABELS[person.role]} · {person.email}
              </span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  )
}
