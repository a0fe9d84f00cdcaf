// The three kinds of consent text and what each one is for: what it is required before, whether a
// patient may decline it, and how its FHIR Consent is coded (R4 Consent, hl7.org/fhir/R4/consent.html).
import type { ConsentKind, ConsentRequirement } from '@tessera/contracts'

export const CONSENT_KINDS: readonly ConsentKind[] = ['privacy-notice', 'telehealth', 'gp-sharing']

export interface KindPolicy {
  /** What the patient sees. */
  label: string
  /** What staff see (the admin's texts, a patient's consents). */
  staffLabel: string
  /** A neutral name for messages staff may see too. */
  name: string
  /** `consultation`: needed before joining a video consultation (the first one and every later one). */
  requiredBefore: ConsentRequirement
  /** Optional kinds can be declined; required ones are accepted or left for later. */
  canDecline: boolean
  /** Consent.scope (http://terminology.hl7.org/CodeSystem/consentscope). */
  scope: { code: 'patient-privacy' | 'treatment'; display: string }
  /** Consent.category, LOINC (the R4 consent-category value set is extensible and LOINC based). */
  loinc: { code: string; display: string }
}

export const KIND_POLICY: Record<ConsentKind, KindPolicy> = {
  'privacy-notice': {
    label: 'Privacy notice',
    staffLabel: 'Privacy notice',
    name: 'The privacy notice',
    requiredBefore: 'consultation',
    canDecline: false,
    scope: { code: 'patient-privacy', display: 'Privacy Consent' },
    loinc: { code: '57016-8', display: 'Privacy policy acknowledgment Document' },
  },
  telehealth: {
    label: 'Telehealth consent',
    staffLabel: 'Telehealth consent',
    name: 'Telehealth consent',
    requiredBefore: 'consultation',
    canDecline: false,
    scope: { code: 'treatment', display: 'Treatment' },
    loinc: { code: '59284-0', display: 'Patient Consent' },
  },
  'gp-sharing': {
    label: 'Sharing with your GP',
    staffLabel: "Sharing with the patient's GP",
    name: 'Consent to share with the GP',
    requiredBefore: null,
    canDecline: true,
    scope: { code: 'patient-privacy', display: 'Privacy Consent' },
    loinc: { code: '64292-6', display: 'Release of information consent' },
  },
}

export const SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope'
export const LOINC = 'http://loinc.org'
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode'
/** Our own code system for the kind, so a FHIR search or reader can tell the three apart. */
export const KIND_SYSTEM = 'urn:tessera:consent-kind'

/** The URI naming one text version, in Consent.policy and Consent.sourceAttachment.url. */
export function textUri(kind: ConsentKind, version: number): string {
  return `urn:tessera:consent-text:${kind}:${version}`
}

export function isConsentKind(value: string): value is ConsentKind {
  return (CONSENT_KINDS as readonly string[]).includes(value)
}
