import type { ConsentKind, ConsentTextView } from '@tessera/contracts'
import { useState, type FormEvent } from 'react'
import { Form } from 'react-aria-components'
import { consentApi } from '../../api/consent.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { TextField } from '../../components/TextField.tsx'
import { formText } from '../../lib/form-values.ts'
import { toSubmitErrors, type SubmitErrors } from '../../lib/submit-errors.ts'
import { TextAreaField } from '../../components/TextAreaField.tsx'

export interface ConsentDraftFormProps {
  kind: ConsentKind
  /** The draft being edited, or null to start a new version. */
  draft: ConsentTextView | null
  /** What a new version starts from (the newest published text), if any. */
  startFrom: ConsentTextView | null
  onSaved: (draft: ConsentTextView) => void
  onCancel: () => void
}

const FORMAT_HINT =
  'Plain text. Leave a blank line between paragraphs. Start a line with "## " for a heading or "- " for a list item; **words** in stars are shown in bold.'

/** Writes a new version, or edits the draft; nothing is shown to patients until it is published. */
export function ConsentDraftForm({ kind, draft, startFrom, onSaved, onCancel }: ConsentDraftFormProps) {
  const [pending, setPending] = useState(false)
  const [errors, setErrors] = useState<SubmitErrors | null>(null)
  const initial = draft ?? startFrom

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const body = { title: formText(data, 'title'), body: formText(data, 'body') }
    setPending(true)
    setErrors(null)
    try {
      onSaved(
        draft
          ? await consentApi.updateDraft(draft.id, body)
          : await consentApi.createDraft({ kind, ...body }),
      )
    } catch (error) {
      setErrors(toSubmitErrors(error))
    } finally {
      setPending(false)
    }
  }

  return (
    <Form
      className="form consent-draft-form"
      validationErrors={errors?.fields ?? {}}
      onSubmit={(e) => void onSubmit(e)}
    >
      <Alert tone="error" title="The draft was not saved">
        {errors?.message}
      </Alert>
      <TextField name="title" label="Title" defaultValue={initial?.title ?? ''} minLength={3} isRequired />
      <TextAreaField
        name="body"
        label="Text"
        description={FORMAT_HINT}
        defaultValue={initial?.body ?? ''}
        minLength={20}
        isRequired
      />
      <div className="consent-card__actions">
        <Button type="submit" isPending={pending}>
          Save draft
        </Button>
        <Button variant="quiet" isDisabled={pending} onPress={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  )
}
