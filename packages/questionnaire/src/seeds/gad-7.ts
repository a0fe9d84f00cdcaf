// GAD-7 (LOINC 69737-5), standard item texts, answers scored 0-3 (ordinalValue). Total 0-21.
// Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an
// educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import { GAD7_URL } from '../instruments.ts'
import { difficultyOptions, frequencyOptions, LOINC } from './helpers.ts'

const ITEMS: ReadonlyArray<readonly [string, string]> = [
  ['69725-0', 'Feeling nervous, anxious, or on edge'],
  ['68509-9', 'Not being able to stop or control worrying'],
  ['69733-4', 'Worrying too much about different things'],
  ['69734-2', 'Trouble relaxing'],
  ['69735-9', "Being so restless that it's hard to sit still"],
  ['69689-8', 'Becoming easily annoyed or irritable'],
  ['69736-7', 'Feeling afraid as if something awful might happen'],
]

const scored: QuestionnaireItem[] = ITEMS.map(([code, text], i) => ({
  linkId: `gad7-${i + 1}`,
  code: [{ system: LOINC, code, display: text }],
  prefix: `${i + 1}.`,
  text,
  type: 'choice',
  required: true,
  answerOption: frequencyOptions(),
}))

export const gad7: Questionnaire = {
  resourceType: 'Questionnaire',
  url: GAD7_URL,
  version: '1',
  name: 'GAD7',
  title: 'Generalized Anxiety Disorder 7-item scale (GAD-7)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: LOINC, code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' }],
  copyright:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  item: [
    {
      linkId: 'gad7',
      type: 'group',
      text: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
      item: [
        ...scored,
        {
          linkId: 'gad7-difficulty',
          code: [{ system: LOINC, code: '69726-8' }],
          text: 'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?',
          type: 'choice',
          answerOption: difficultyOptions(),
        },
      ],
    },
  ],
}
