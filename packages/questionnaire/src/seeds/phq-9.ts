// PHQ-9 (LOINC 44249-1), standard item texts, answers scored 0-3 (ordinalValue). Total 0-27.
// Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an
// educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import { PHQ9_URL } from '../instruments.ts'
import { difficultyOptions, frequencyOptions, LOINC } from './helpers.ts'

const ITEMS: ReadonlyArray<readonly [string, string]> = [
  ['44250-9', 'Little interest or pleasure in doing things'],
  ['44255-8', 'Feeling down, depressed, or hopeless'],
  ['44259-0', 'Trouble falling or staying asleep, or sleeping too much'],
  ['44254-1', 'Feeling tired or having little energy'],
  ['44251-7', 'Poor appetite or overeating'],
  [
    '44258-2',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  ],
  ['44252-5', 'Trouble concentrating on things, such as reading the newspaper or watching television'],
  [
    '44253-3',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  ],
  ['44260-8', 'Thoughts that you would be better off dead or of hurting yourself in some way'],
]

const scored: QuestionnaireItem[] = ITEMS.map(([code, text], i) => ({
  linkId: `phq9-${i + 1}`,
  code: [{ system: LOINC, code, display: text }],
  prefix: `${i + 1}.`,
  text,
  type: 'choice',
  required: true,
  answerOption: frequencyOptions(),
}))

export const phq9: Questionnaire = {
  resourceType: 'Questionnaire',
  url: PHQ9_URL,
  version: '1',
  name: 'PHQ9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  status: 'active',
  subjectType: ['Patient'],
  code: [{ system: LOINC, code: '44249-1', display: 'PHQ-9 quick depression assessment panel' }],
  copyright:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  item: [
    {
      linkId: 'phq9',
      type: 'group',
      text: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
      item: [
        ...scored,
        {
          linkId: 'phq9-difficulty',
          code: [{ system: LOINC, code: '69722-7' }],
          prefix: '10.',
          text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
          type: 'choice',
          answerOption: difficultyOptions(),
        },
      ],
    },
  ],
}
