// The FHIR R4 Consent recording one decision (hl7.org/fhir/R4/consent.html), bound to the text
// version it answered: Consent.policy.uri and sourceAttachment.url name the version
// (urn:tessera:consent-text:<kind>:<version>) and sourceAttachment.hash is the SHA-1 of its body.
import { createHash } from 'node:crypto'
import type { Consent } from '@medplum/fhirtypes'
import type { ConsentKind } from '@tessera/contracts'
import { ACT_CODE, KIND_POLICY, KIND_SYSTEM, LOINC, SCOPE_SYSTEM, textUri } from './consent-kinds.ts'

export interface DecidedText {
  kind: ConsentKind
  version: number
  title: string
  body: string
  publishedAt: Date
}

export function consentResource(
  patientId: string,
  text: DecidedText,
  answer: 'given' | 'declined',
  at: Date,
): Consent {
  const policy = KIND_POLICY[text.kind]
  const uri = textUri(text.kind, text.version)
  const patient = { reference: `Patient/${patientId}` }
  return {
    resourceType: 'Consent',
    // 4.4.1 Consent.status: active = in force; rejected = declined by the patient.
    status: answer === 'given' ? 'active' : 'rejected',
    scope: {
      coding: [{ system: SCOPE_SYSTEM, code: policy.scope.code, display: policy.scope.display }],
    },
    category: [
      { coding: [{ system: LOINC, code: policy.loinc.code, display: policy.loinc.display }] },
      { coding: [{ system: KIND_SYSTEM, code: text.kind, display: policy.label }] },
    ],
    patient,
    dateTime: at.toISOString(),
    performer: [patient],
    policy: [{ uri }],
    policyRule: { coding: [{ system: ACT_CODE, code: answer === 'given' ? 'OPTIN' : 'OPTOUT' }] },
    sourceAttachment: {
      contentType: 'text/plain; charset=utf-8',
      url: uri,
      title: `${text.title} (version ${text.version})`,
      hash: createHash('sha1').update(text.body, 'utf8').digest('base64'),
      creation: text.publishedAt.toISOString(),
    },
    provision: { type: answer === 'given' ? 'permit' : 'deny', period: { start: at.toISOString() } },
  }
}

/** The same Consent, withdrawn: inactive, its permission ending at `at`. */
export function withdrawnConsent(resource: Consent, at: Date): Consent {
  const { meta: _meta, ...rest } = resource
  const provision = resource.provision ?? { type: 'permit' as const }
  return {
    ...rest,
    status: 'inactive',
    provision: { ...provision, period: { ...provision.period, end: at.toISOString() } },
  }
}
