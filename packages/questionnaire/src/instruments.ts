// Standard instruments recognised by url, with their published severity bands.
// PHQ-9: Kroenke, Spitzer & Williams 2001 (LOINC 44249-1). GAD-7: Spitzer et al. 2006 (LOINC 69737-5).

export type SeverityBand = 'minimal' | 'mild' | 'moderate' | 'moderately-severe' | 'severe'
export type InstrumentId = 'phq-9' | 'gad-7'

export const PHQ9_URL = 'urn:tessera:questionnaire:phq-9'
export const GAD7_URL = 'urn:tessera:questionnaire:gad-7'
/** LOINC item 44260-8: "Thoughts that you would be better off dead, or of hurting yourself". */
export const PHQ9_ITEM9_CODE = '44260-8'

export interface Instrument {
  id: InstrumentId
  name: string
  urls: readonly string[]
  max: number
  /** Upper bound (inclusive) of each band, ascending. */
  bands: ReadonlyArray<readonly [number, SeverityBand]>
}

export const INSTRUMENTS: readonly Instrument[] = [
  {
    id: 'phq-9',
    name: 'PHQ-9',
    urls: [PHQ9_URL, 'http://loinc.org/q/44249-1'],
    max: 27,
    bands: [
      [4, 'minimal'],
      [9, 'mild'],
      [14, 'moderate'],
      [19, 'moderately-severe'],
      [27, 'severe'],
    ],
  },
  {
    id: 'gad-7',
    name: 'GAD-7',
    urls: [GAD7_URL, 'http://loinc.org/q/69737-5'],
    max: 21,
    bands: [
      [4, 'minimal'],
      [9, 'mild'],
      [14, 'moderate'],
      [21, 'severe'],
    ],
  },
]

export function instrumentFor(url: string | undefined): Instrument | undefined {
  return url === undefined ? undefined : INSTRUMENTS.find((i) => i.urls.includes(url))
}

export function bandOf(instrument: Instrument, total: number): SeverityBand | undefined {
  return instrument.bands.find(([upper]) => total <= upper)?.[1]
}
