// One section per screen: which sections are shown (a top-level group whose enableWhen fails is
// skipped), where the patient is among them, and which section each question belongs to.
import type { Questionnaire, QuestionnaireItem, QuestionnaireResponse } from '@medplum/fhirtypes'
import { isEnabled, sectionsOf, type Section } from '@tessera/questionnaire'

export interface FormSections {
  all: Section[]
  /** linkId -> index of its section in `all`. */
  sectionOf: Map<string, number>
}

export function formSections(questionnaire: Questionnaire): FormSections {
  const all = sectionsOf(questionnaire)
  const sectionOf = new Map<string, number>()
  const visit = (items: readonly QuestionnaireItem[], at: number) =>
    items.forEach((item) => {
      sectionOf.set(item.linkId, at)
      visit(item.item ?? [], at)
    })
  all.forEach((section, i) => {
    if (section.group) sectionOf.set(section.group.linkId, i)
    visit(section.items, i)
  })
  return { all, sectionOf }
}

/** Indexes (into `all`) of the sections shown for these answers. */
export function shownSections(
  sections: FormSections,
  questionnaire: Questionnaire,
  response: QuestionnaireResponse,
): number[] {
  return sections.all.flatMap((section, i) =>
    !section.group || isEnabled(section.group, response, questionnaire) ? [i] : [],
  )
}

/** The section to show for a saved position: itself if shown, else the next shown one (or the last). */
export function nearestShown(shown: readonly number[], at: number): number {
  return shown.find((i) => i >= at) ?? shown.at(-1) ?? 0
}
