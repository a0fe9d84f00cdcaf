// The extensions this package reads. Standard ones are cited; the exclusion flag is Tessera's own.
import type { Coding } from '@medplum/fhirtypes'
import { isRecord, type JsonObject } from './types.ts'

/** R4 core extension on answerOption and Coding (extension-ordinalvalue.html): a score, valueDecimal. */
export const ORDINAL_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue'
/** The R5 name for the same idea (extension-itemweight.html), accepted on R4 content too. */
export const ITEM_WEIGHT_URL = 'http://hl7.org/fhir/StructureDefinition/itemWeight'
/** The older ISO 21090 ordinal (extension-iso21090-co-value.html). */
export const CO_VALUE_URL = 'http://hl7.org/fhir/StructureDefinition/iso21090-CO-value'
export const ORDINAL_URLS: readonly string[] = [ORDINAL_VALUE_URL, ITEM_WEIGHT_URL, CO_VALUE_URL]

/** R4 extension-questionnaire-itemcontrol.html, codes from http://hl7.org/fhir/questionnaire-item-control. */
export const ITEM_CONTROL_URL = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl'
export const ITEM_CONTROL_SYSTEM = 'http://hl7.org/fhir/questionnaire-item-control'

/**
 * Tessera's exclusion flag, valueCoding naming the criterion (e.g. `psychosis`). On a boolean item it
 * fires when the answer is true; on an answerOption it fires when that option is chosen. Only
 * enabled items count. See `exclusion.ts`.
 */
export const EXCLUSION_FLAG_URL = 'urn:tessera:fhir:extension:exclusion-flag'
export const EXCLUSION_SYSTEM = 'urn:tessera:exclusion'

export function extensionsOf(holder: unknown, url: string): JsonObject[] {
  if (!isRecord(holder) || !Array.isArray(holder['extension'])) return []
  return holder['extension'].filter((e: unknown): e is JsonObject => isRecord(e) && e['url'] === url)
}

/** The score of an answer option: its own ordinal extension, else one on its valueCoding. */
export function ordinalOf(option: unknown): number | undefined {
  const holders = [option, isRecord(option) ? option['valueCoding'] : undefined]
  for (const holder of holders)
    for (const url of ORDINAL_URLS)
      for (const ext of extensionsOf(holder, url)) {
        const value = ext['valueDecimal'] ?? ext['valueInteger']
        if (typeof value === 'number' && Number.isFinite(value)) return value
      }
  return undefined
}

export function exclusionOf(holder: unknown): Coding | undefined {
  const [ext] = extensionsOf(holder, EXCLUSION_FLAG_URL)
  const coding = ext?.['valueCoding']
  return isRecord(coding) && typeof coding['code'] === 'string' ? coding : undefined
}

export function itemControlOf(item: unknown): string | undefined {
  for (const ext of extensionsOf(item, ITEM_CONTROL_URL)) {
    const concept = ext['valueCodeableConcept']
    const codings = isRecord(concept) && Array.isArray(concept['coding']) ? concept['coding'] : []
    for (const coding of codings as unknown[])
      if (isRecord(coding) && coding['system'] === ITEM_CONTROL_SYSTEM && typeof coding['code'] === 'string')
        return coding['code']
  }
  return undefined
}
