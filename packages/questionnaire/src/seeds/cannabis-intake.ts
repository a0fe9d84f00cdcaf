// Medical cannabis eligibility intake (issue 7). Sections: about you, condition, symptom severity
// (0-10, scored), treatments tried, mental health (psychosis: exclusion flag), medicines, allergies,
// GP, documents, declaration. Codes for conditions and treatments are local to Tessera.
import type { Questionnaire } from '@medplum/fhirtypes'
import { codedOptions, exclusion, itemControl, zeroToTen } from './helpers.ts'

export const CANNABIS_INTAKE_URL = 'urn:tessera:questionnaire:cannabis-intake'
const CONDITIONS = 'urn:tessera:codes:cannabis-condition'
const TREATMENTS = 'urn:tessera:codes:treatment'
const OUTCOMES = 'urn:tessera:codes:treatment-outcome'
const GENDER = 'http://hl7.org/fhir/administrative-gender'

const severity = (linkId: string, text: string) => ({
  linkId,
  text,
  type: 'choice' as const,
  required: true,
  answerOption: zeroToTen(),
})

export const cannabisIntake: Questionnaire = {
  resourceType: 'Questionnaire',
  url: CANNABIS_INTAKE_URL,
  version: '1',
  name: 'CannabisIntake',
  title: 'Medical cannabis: eligibility questionnaire',
  status: 'active',
  subjectType: ['Patient'],
  item: [
    {
      linkId: 'about',
      type: 'group',
      text: 'About you',
      item: [
        {
          linkId: 'sex',
          text: 'Sex registered at birth',
          type: 'choice',
          required: true,
          answerOption: codedOptions(GENDER, [
            ['female', 'Female'],
            ['male', 'Male'],
            ['other', 'Intersex or other'],
            ['unknown', 'Prefer not to say'],
          ]),
        },
        {
          linkId: 'pregnancy',
          text: 'Are you pregnant, trying to become pregnant, or breastfeeding?',
          type: 'boolean',
          required: true,
          enableWhen: [{ question: 'sex', operator: '!=', answerCoding: { system: GENDER, code: 'male' } }],
          extension: [
            exclusion('pregnancy-or-breastfeeding', 'Pregnant, planning pregnancy or breastfeeding'),
          ],
        },
        {
          linkId: 'weight',
          text: 'Your weight in kilograms (approximate)',
          type: 'quantity',
        },
      ],
    },
    {
      linkId: 'condition',
      type: 'group',
      text: 'Your condition',
      item: [
        {
          linkId: 'condition-primary',
          text: 'Which condition are you seeking treatment for?',
          type: 'choice',
          required: true,
          answerOption: codedOptions(CONDITIONS, [
            ['chronic-pain', 'Chronic pain'],
            ['neuropathic-pain', 'Neuropathic (nerve) pain'],
            ['ms-spasticity', 'Multiple sclerosis spasticity'],
            ['chemotherapy-nausea', 'Nausea or vomiting from chemotherapy'],
            ['epilepsy', 'Treatment-resistant epilepsy'],
            ['anxiety', 'Anxiety'],
            ['ptsd', 'Post-traumatic stress disorder (PTSD)'],
            ['insomnia', 'Insomnia'],
            ['other', 'Another condition'],
          ]),
        },
        {
          linkId: 'condition-other',
          text: 'Which condition?',
          type: 'string',
          required: true,
          maxLength: 200,
          enableWhen: [
            {
              question: 'condition-primary',
              operator: '=',
              answerCoding: { system: CONDITIONS, code: 'other' },
            },
          ],
        },
        {
          linkId: 'condition-diagnosed',
          text: 'When was it diagnosed? (an approximate date is fine)',
          type: 'date',
        },
      ],
    },
    {
      linkId: 'severity',
      type: 'group',
      text: 'How your symptoms affect you',
      item: [
        {
          linkId: 'severity-intro',
          type: 'display',
          text: 'Over the past week, rate each from 0 (none) to 10 (the worst you can imagine).',
        },
        severity('severity-pain', 'Pain'),
        severity('severity-sleep', 'Sleep problems'),
        severity('severity-mood', 'Low mood'),
        severity('severity-anxiety', 'Anxiety'),
        severity('severity-daily-life', 'Effect on your daily life'),
        {
          linkId: 'severity-impact',
          text: 'Tell us how your symptoms limit your daily life',
          type: 'text',
          maxLength: 2000,
          enableWhen: [{ question: 'severity-daily-life', operator: '>=', answerInteger: 7 }],
        },
      ],
    },
    {
      linkId: 'treatments',
      type: 'group',
      text: 'Treatments you have tried',
      item: [
        {
          linkId: 'treatments-tried',
          text: 'Which licensed treatments have you already tried for this condition? Add any that are not listed.',
          type: 'open-choice',
          repeats: true,
          required: true,
          maxLength: 200,
          extension: [itemControl('check-box')],
          answerOption: codedOptions(TREATMENTS, [
            ['paracetamol', 'Paracetamol'],
            ['nsaid', 'Anti-inflammatories (for example ibuprofen, naproxen)'],
            ['opioid', 'Opioids (for example codeine, tramadol, morphine)'],
            ['gabapentinoid', 'Gabapentin or pregabalin'],
            ['antidepressant', 'Antidepressants (for example amitriptyline, duloxetine)'],
            ['antiepileptic', 'Anti-epileptic medicines'],
            ['physiotherapy', 'Physiotherapy'],
            ['psychological-therapy', 'Psychological therapy (for example CBT)'],
          ]),
        },
        {
          linkId: 'opioid-effects',
          text: 'What happened when you took opioids (benefit, side effects, why you stopped)?',
          type: 'text',
          maxLength: 2000,
          enableWhen: [
            {
              question: 'treatments-tried',
              operator: '=',
              answerCoding: { system: TREATMENTS, code: 'opioid' },
            },
          ],
        },
        {
          linkId: 'treatments-outcome',
          text: 'Overall, how did these treatments work for you?',
          type: 'choice',
          required: true,
          enableWhen: [{ question: 'treatments-tried', operator: 'exists', answerBoolean: true }],
          answerOption: codedOptions(OUTCOMES, [
            ['no-benefit', 'They did not help'],
            ['side-effects', 'They helped but the side effects were too much'],
            ['partial', 'They helped a little'],
            ['still-taking', 'I still take them and need more help'],
          ]),
        },
      ],
    },
    {
      linkId: 'mental-health',
      type: 'group',
      text: 'Mental health',
      item: [
        {
          linkId: 'psychosis-history',
          text: 'Have you ever had psychosis, schizophrenia or a psychotic episode, or been told you have bipolar disorder?',
          type: 'boolean',
          required: true,
          extension: [exclusion('psychosis', 'History of psychosis')],
        },
        {
          linkId: 'psychosis-details',
          text: 'Please tell us when, and about any treatment you had',
          type: 'text',
          maxLength: 2000,
          enableWhen: [{ question: 'psychosis-history', operator: '=', answerBoolean: true }],
        },
      ],
    },
    {
      linkId: 'medicines',
      type: 'group',
      text: 'Your medicines',
      item: [
        {
          linkId: 'takes-medicines',
          text: 'Do you take any medicines now, prescribed or bought?',
          type: 'boolean',
          required: true,
        },
        {
          linkId: 'medicine',
          text: 'Medicine',
          type: 'group',
          repeats: true,
          required: true,
          enableWhen: [{ question: 'takes-medicines', operator: '=', answerBoolean: true }],
          item: [
            { linkId: 'medicine-name', text: 'Name', type: 'string', required: true, maxLength: 200 },
            { linkId: 'medicine-dose', text: 'Dose and how often', type: 'string', maxLength: 200 },
          ],
        },
      ],
    },
    {
      linkId: 'allergies',
      type: 'group',
      text: 'Allergies',
      item: [
        { linkId: 'has-allergies', text: 'Do you have any allergies?', type: 'boolean', required: true },
        {
          linkId: 'allergy',
          text: 'Allergy',
          type: 'group',
          repeats: true,
          required: true,
          enableWhen: [{ question: 'has-allergies', operator: '=', answerBoolean: true }],
          item: [
            {
              linkId: 'allergy-substance',
              text: 'Allergic to',
              type: 'string',
              required: true,
              maxLength: 200,
            },
            { linkId: 'allergy-reaction', text: 'What happens', type: 'string', maxLength: 200 },
          ],
        },
      ],
    },
    {
      linkId: 'gp',
      type: 'group',
      text: 'Your GP',
      item: [
        { linkId: 'has-gp', text: 'Are you registered with a GP?', type: 'boolean', required: true },
        {
          linkId: 'gp-details',
          text: 'GP details',
          type: 'group',
          enableWhen: [{ question: 'has-gp', operator: '=', answerBoolean: true }],
          item: [
            { linkId: 'gp-name', text: "GP's name", type: 'string', maxLength: 200 },
            { linkId: 'gp-practice', text: 'Practice name', type: 'string', required: true, maxLength: 200 },
            { linkId: 'gp-address', text: 'Practice address', type: 'text', required: true, maxLength: 500 },
            {
              linkId: 'gp-phone',
              text: 'Practice phone number',
              type: 'string',
              required: true,
              maxLength: 40,
            },
            {
              linkId: 'gp-consent',
              text: 'May we tell your GP about your consultations and any prescription?',
              type: 'boolean',
              required: true,
            },
          ],
        },
      ],
    },
    {
      linkId: 'documents',
      type: 'group',
      text: 'Documents',
      item: [
        {
          linkId: 'summary-of-care',
          text: 'Upload your GP summary of care record, or a recent letter from a specialist (PDF or photo)',
          type: 'attachment',
        },
      ],
    },
    {
      linkId: 'declaration',
      type: 'group',
      text: 'Declaration',
      item: [
        {
          linkId: 'declaration-accurate',
          text: 'I confirm the information I have given is true and complete to the best of my knowledge.',
          type: 'boolean',
          required: true,
        },
      ],
    },
  ],
}
