// Sums of ordinal values (ordinalValue, itemWeight or iso21090-CO-value on the chosen options), for
// the whole form and per group, plus severity bands for recognised instruments. Ordinals are read
// from the questionnaire, never from the response: a client cannot raise or lower a score by
// editing the codings it sends. Only enabled items count.
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes'
import { sameValue } from './compare.ts'
import { enabledItems } from './enable-when.ts'
import {
  bandOf,
  instrumentFor,
  PHQ9_ITEM9_CODE,
  type InstrumentId,
  type SeverityBand,
} from './instruments.ts'
import { indexItems, isChoiceType } from './items.ts'
import { choicesOf } from './options.ts'
import { answerValues } from './values.ts'

export interface GroupScore {
  linkId: string
  total: number
  /** Scored items with an answer. */
  answered: number
  /** Enabled items that carry ordinal values. */
  scored: number
}

export interface InstrumentScore {
  id: InstrumentId
  name: string
  max: number
  /** Set once every scored item is answered. */
  band: SeverityBand | undefined
  /** e.g. `self-harm-thoughts` when PHQ-9 item 9 scores above 0: for the clinician, whatever the total. */
  alerts: Array<{ code: string; linkId: string }>
}

export interface ScoreResult {
  total: number
  answered: number
  scored: number
  complete: boolean
  groups: GroupScore[]
  instrument: InstrumentScore | undefined
}

export function score(questionnaire: Questionnaire, response: QuestionnaireResponse): ScoreResult {
  const index = indexItems(questionnaire)
  const groups = new Map<string, GroupScore>()
  const result: ScoreResult = {
    total: 0,
    answered: 0,
    scored: 0,
    complete: false,
    groups: [],
    instrument: undefined,
  }
  const alerts: InstrumentScore['alerts'] = []
  for (const { item, responseItem } of enabledItems(questionnaire, response)) {
    const choices = isChoiceType(item.type) ? choicesOf(item, questionnaire) : undefined
    if (!choices?.some((c) => c.ordinal !== undefined)) continue
    const ordinals = answerValues(responseItem?.answer).flatMap((v) => {
      const ordinal = choices.find((c) => sameValue(c.value, v))?.ordinal
      return ordinal === undefined ? [] : [ordinal]
    })
    const sum = ordinals.reduce((a, b) => a + b, 0)
    const answered = ordinals.length > 0 ? 1 : 0
    const tallies: Array<ScoreResult | GroupScore> = [result]
    for (let at = index.get(item.linkId)?.parent; at; at = at.parent) {
      if (at.item.type !== 'group') continue
      const group = groups.get(at.item.linkId) ?? { linkId: at.item.linkId, total: 0, answered: 0, scored: 0 }
      groups.set(at.item.linkId, group)
      tallies.push(group)
    }
    for (const tally of tallies) {
      tally.total += sum
      tally.answered += answered
      tally.scored += 1
    }
    if (sum > 0 && item.code?.some((c) => c.code === PHQ9_ITEM9_CODE))
      alerts.push({ code: 'self-harm-thoughts', linkId: item.linkId })
  }
  result.groups = [...groups.values()]
  result.complete = result.scored > 0 && result.answered === result.scored
  const instrument = instrumentFor(questionnaire.url)
  if (instrument)
    result.instrument = {
      id: instrument.id,
      name: instrument.name,
      max: instrument.max,
      band: result.complete ? bandOf(instrument, result.total) : undefined,
      alerts: instrument.id === 'phq-9' ? alerts : [],
    }
  return result
}
