import type { QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import { initialAnswers, isEnabled as engineEnabled, pruneDisabled } from '@tessera/questionnaire'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { OpenForm } from '../../api/intake.ts'
import { Button } from '../../components/Button.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { ErrorSummary } from './ErrorSummary.tsx'
import { IntakeFormContext, type IntakeFormApi } from './form-context.ts'
import { byField, formIssues } from './form-issues.ts'
import { formSections, nearestShown, shownSections } from './form-sections.ts'
import { ItemList } from './ItemList.tsx'
import {
  addOccurrence,
  cleanItems,
  indexForm,
  itemsAlong,
  removeOccurrence,
  setAnswers,
  type ItemPath,
} from './response-tree.ts'
import { SaveProblem } from './SaveProblem.tsx'
import { SaveStatus } from './SaveStatus.tsx'
import { SectionProgress } from './SectionProgress.tsx'
import { SubmitAlert } from './SubmitAlert.tsx'
import { useAutosave } from './use-autosave.ts'
import { useSubmit } from './use-submit.ts'

export interface IntakeFormProps {
  patientId: string
  areaLabel: string
  open: OpenForm
  /** Back to the list (answers are saved first). */
  onLeave: () => void
  onSubmitted: () => void
  /** Open the form again from the server (after another device saved). */
  onReload: () => void
}

/**
 * JOURNEYS.md patient step 3: one section per screen with "Section k of n", questions appearing and
 * disappearing as answers change (enableWhen), inline errors from the same validateResponse the
 * server runs, and autosave (with the section), so another device continues exactly here.
 */
export function IntakeForm({ patientId, areaLabel, open, onLeave, onSubmitted, onReload }: IntakeFormProps) {
  const questionnaire = open.questionnaire
  const canonical = open.response.questionnaire ?? ''
  const form = useMemo(() => indexForm(questionnaire), [questionnaire])
  const sections = useMemo(() => formSections(questionnaire), [questionnaire])
  const [items, setItems] = useState<QuestionnaireResponseItem[]>(() => open.response.item ?? [])
  const response = useMemo<QuestionnaireResponse>(
    () => ({
      resourceType: 'QuestionnaireResponse',
      questionnaire: canonical,
      status: 'in-progress',
      item: items,
    }),
    [canonical, items],
  )
  const shown = shownSections(sections, questionnaire, response)
  const [section, setSection] = useState(() => nearestShown(shown, open.section))
  const current = nearestShown(shown, section)
  const [attempted, setAttempted] = useState<ReadonlySet<number>>(() => new Set())
  const autosave = useAutosave({
    patientId,
    responseId: open.responseId,
    questionnaire: canonical,
    version: open.version,
  })
  const heading = useRef<HTMLHeadingElement>(null)
  const summary = useRef<HTMLDivElement>(null)
  const changed = useRef(false)

  /** What is saved: hidden questions' answers dropped, no empty parts. */
  const prepare = useCallback(
    (answers: QuestionnaireResponseItem[]) =>
      cleanItems(pruneDisabled(questionnaire, { ...response, item: answers }).item ?? [], form),
    [questionnaire, response, form],
  )
  const snapshot = useCallback((at: number) => ({ items: prepare(items), section: at }), [prepare, items])

  useEffect(() => {
    if (!changed.current) return
    changed.current = false
    autosave.schedule(snapshot(current))
  }, [items, autosave, snapshot, current])

  const issues = useMemo(() => formIssues(questionnaire, response, form), [questionnaire, response, form])
  const errors = useMemo(
    () => byField(issues.filter((i) => attempted.has(sections.sectionOf.get(i.linkId) ?? -1))),
    [issues, attempted, sections],
  )
  const here = issues.filter((i) => sections.sectionOf.get(i.linkId) === current)

  const change = useCallback(
    (update: (items: QuestionnaireResponseItem[]) => QuestionnaireResponseItem[]) => {
      changed.current = true
      setItems(update)
    },
    [],
  )
  const api = useMemo<IntakeFormApi>(
    () => ({
      questionnaire,
      form,
      items,
      errors,
      patientId,
      isEnabled: (def: QuestionnaireItem, path: ItemPath) =>
        engineEnabled(def, response, questionnaire, itemsAlong(items, path)),
      setAnswers: (path, answers) => change((prev) => setAnswers(prev, path, form, answers)),
      addOccurrence: (parent, def) =>
        change((prev) =>
          addOccurrence(
            prev,
            parent,
            form,
            def.linkId,
            initialAnswers({ ...questionnaire, item: def.item ?? [] }),
          ),
        ),
      removeOccurrence: (path) => change((prev) => removeOccurrence(prev, path, form)),
    }),
    [questionnaire, form, items, errors, patientId, response, change],
  )

  const goTo = (to: number): void => {
    setSection(to)
    void autosave.flush(snapshot(to))
    window.requestAnimationFrame(() => {
      heading.current?.focus()
      heading.current?.scrollIntoView({ block: 'start' })
    })
  }
  const showIssues = (at: number[]): void => {
    setAttempted((prev) => new Set([...prev, ...at]))
    window.requestAnimationFrame(() => summary.current?.focus())
  }
  // Opening the form (from the list) puts focus on where the questions start.
  useEffect(() => heading.current?.focus(), [])
  const submit = useSubmit({ patientId, responseId: open.responseId, canonical, autosave, onSubmitted })

  const onContinue = (): void => {
    if (here.length > 0) return showIssues([current])
    const next = shown.find((i) => i > current)
    if (next !== undefined) return goTo(next)
    const pending = [...new Set(issues.map((i) => sections.sectionOf.get(i.linkId) ?? 0))]
    if (pending.length > 0) {
      goTo(Math.min(...pending))
      return showIssues(pending)
    }
    void submit.run(snapshot(current))
  }
  const previous = [...shown].reverse().find((i) => i < current)
  const isLast = shown.at(-1) === current
  const position = shown.indexOf(current) + 1
  const sectionDef = sections.all[current]
  const parent: ItemPath = sectionDef?.group ? [{ linkId: sectionDef.group.linkId, index: 0 }] : []

  return (
    <IntakeFormContext.Provider value={api}>
      <PageHeader title={questionnaire.title ?? 'Questionnaire'} titleContext={areaLabel}>
        <p>Your answers save as you go. You can stop at any time and carry on later, on any device.</p>
      </PageHeader>
      <section className="card intake-form" aria-labelledby="intake-section-title">
        <SectionProgress position={position} total={shown.length} />
        <h2
          id="intake-section-title"
          className="section-title intake-form__title"
          tabIndex={-1}
          ref={heading}
        >
          {sectionDef?.title ?? questionnaire.title ?? 'Questions'}
        </h2>
        <ErrorSummary
          ref={summary}
          items={
            attempted.has(current)
              ? here.map((i) => ({
                  key: i.key,
                  question: questionText(form.def.get(i.linkId)),
                  message: i.message,
                }))
              : []
          }
        />
        <div className="q-items">
          <ItemList key={current} defs={sectionDef?.items ?? []} parent={parent} />
        </div>
        <SubmitAlert state={submit.state} form={form} />
        <div className="intake-nav">
          {previous !== undefined ? (
            <Button variant="secondary" onPress={() => goTo(previous)}>
              Back
            </Button>
          ) : null}
          <Button variant="primary" isPending={submit.state.status === 'sending'} onPress={onContinue}>
            {isLast ? 'Submit answers' : 'Continue'}
          </Button>
        </div>
        <SaveProblem
          state={autosave.state}
          onReload={onReload}
          onRetry={() => void autosave.flush(snapshot(current))}
        />
        <div className="intake-footer">
          <SaveStatus state={autosave.state} />
          <Button
            variant="link"
            onPress={() => {
              void autosave.flush(snapshot(current)).then((ok) => ok && onLeave())
            }}
          >
            Save and finish later
          </Button>
        </div>
      </section>
    </IntakeFormContext.Provider>
  )
}

function questionText(def: QuestionnaireItem | undefined): string {
  return def?.text ?? def?.linkId ?? 'A question'
}
