import type { IntakeFormEntry } from '@tessera/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import { intakeApi, type OpenForm } from '../../api/intake.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { toSubmitErrors } from '../../lib/submit-errors.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { IntakeForm } from './IntakeForm.tsx'
import { IntakeFormItem } from './IntakeFormItem.tsx'
import { SubmittedAnswers } from './SubmittedAnswers.tsx'
import './intake.css'

export interface PatientIntakePageProps {
  area: Area
  /** The signed-in patient's id (their account id is their record's id). */
  patientId: string
}

type View =
  | { kind: 'list'; notice: string | null }
  | { kind: 'form'; open: OpenForm }
  | { kind: 'answers'; open: OpenForm }

/** JOURNEYS.md patient step 3: the clinic's questionnaires, each started, continued or read back. */
export function PatientIntakePage({ area, patientId }: PatientIntakePageProps) {
  const load = useCallback((signal: AbortSignal) => intakeApi.forms(patientId, signal), [patientId])
  const [list, reload] = useApiData(load)
  const [view, setView] = useState<View>({ kind: 'list', notice: null })
  const [opening, setOpening] = useState<string | null>(null)
  const [openError, setOpenError] = useState<string | null>(null)
  const lastTitle = useRef('')
  const returning = useRef(false)

  const open = (form: IntakeFormEntry): void => {
    setOpening(form.url)
    setOpenError(null)
    lastTitle.current = form.title
    intakeApi
      .open(patientId, form.url)
      .then(
        (opened) => setView({ kind: opened.status === 'completed' ? 'answers' : 'form', open: opened }),
        (error: unknown) => setOpenError(toSubmitErrors(error).message),
      )
      .finally(() => setOpening(null))
  }
  const backToList = (notice: string | null): void => {
    returning.current = true
    setView({ kind: 'list', notice })
    reload()
  }
  // Back from a form, focus goes to the page's heading (as after any navigation in the app).
  useEffect(() => {
    if (view.kind !== 'list' || !returning.current) return
    returning.current = false
    document.querySelector<HTMLElement>('.page-header__title')?.focus()
  }, [view])

  if (view.kind === 'form')
    return (
      <IntakeForm
        key={`${view.open.responseId}-${view.open.version}`}
        patientId={patientId}
        areaLabel={area.label}
        open={view.open}
        onLeave={() => backToList('Your answers are saved. Carry on whenever you like, on any device.')}
        onSubmitted={() =>
          backToList(`Thank you. Your answers to “${lastTitle.current}” were sent to the clinic.`)
        }
        onReload={() =>
          void intakeApi
            .open(patientId, view.open.response.questionnaire?.split('|')[0] ?? '')
            .then((o) => setView({ kind: 'form', open: o }))
        }
      />
    )
  if (view.kind === 'answers')
    return (
      <SubmittedAnswers
        patientId={patientId}
        areaLabel={area.label}
        open={view.open}
        onBack={() => backToList(null)}
      />
    )

  return (
    <>
      <PageHeader title="Questionnaires" titleContext={area.label}>
        <p>Before your first consultation the clinic asks a few questions. Your answers save as you go.</p>
      </PageHeader>
      <Alert tone="success">{view.notice}</Alert>
      <Alert tone="error" title={openError ? 'We could not open the questionnaire' : ''}>
        {openError}
      </Alert>
      <section className="card" aria-labelledby="intake-list-title">
        <h2 id="intake-list-title" className="section-title">
          Your questionnaires
        </h2>
        {list.status === 'loading' ? <Loading label="Loading your questionnaires…" /> : null}
        {list.status === 'error' ? (
          <>
            <Alert tone="error" title="We could not load your questionnaires">
              {list.message}
            </Alert>
            <Button variant="secondary" onPress={reload}>
              Try again
            </Button>
          </>
        ) : null}
        {list.status === 'ready' && list.data.forms.length === 0 ? (
          <p className="muted">The clinic has no questionnaires for you at the moment.</p>
        ) : null}
        {list.status === 'ready' && list.data.forms.length > 0 ? (
          <ul className="item-list" aria-labelledby="intake-list-title">
            {list.data.forms.map((form) => (
              <IntakeFormItem key={form.url} form={form} busy={opening === form.url} onOpen={open} />
            ))}
          </ul>
        ) : null}
      </section>
    </>
  )
}
