import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { intakeApi } from '../../api/intake.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { FormLibrary } from './FormLibrary.tsx'
import { ImportFormCard } from './ImportFormCard.tsx'
import { RequiredDocumentsCard } from './RequiredDocumentsCard.tsx'
import './intake.css'

export interface AdminFormsPageProps {
  area: Area
}

/** The admin's intake forms: import (errors by path), versions, required forms and documents. */
export function AdminFormsPage({ area }: AdminFormsPageProps) {
  const [library, reload] = useApiData(intakeApi.library)
  return (
    <>
      <PageHeader title="Intake forms" titleContext={area.label}>
        <p>The questionnaires patients fill in before their first consultation.</p>
      </PageHeader>
      <div className="stack">
        <ImportFormCard onImported={reload} />
        {library.status === 'loading' ? <Loading label="Loading the forms…" /> : null}
        {library.status === 'error' ? (
          <>
            <Alert tone="error" title="We could not load the forms">
              {library.message}
            </Alert>
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </>
        ) : null}
        {library.status === 'ready' ? (
          <>
            <FormLibrary
              key={JSON.stringify(library.data.forms.map((f) => [f.url, f.required, f.versions.length]))}
              forms={library.data.forms}
              onSaved={reload}
            />
            {/* Not keyed on the saved list: a reload after saving keeps the ticks and the message. */}
            <RequiredDocumentsCard required={library.data.requiredDocuments} onSaved={reload} />
          </>
        ) : null}
      </div>
    </>
  )
}
