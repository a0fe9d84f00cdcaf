// GET /fhir/R4/metadata: the CapabilityStatement, generated from the same table the routes and the
// store obey (resource-types.ts), so it lists exactly what is implemented and nothing more.
import { FHIR_SEARCH_PARAMETERS } from '../audit/audit-query-fhir.ts'
import { RESOURCE_TYPES, TYPE_POLICIES, type ResourceType } from './resource-types.ts'
import { paramDefinition } from './search-values.ts'

const SMART_OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris'

function interactions(type: ResourceType): Array<{ code: string }> {
  const p = TYPE_POLICIES[type]
  return [
    'read',
    'vread',
    ...(p.update.length ? ['update'] : []),
    ...(p.delete.length ? ['delete'] : []),
    'history-instance',
    'history-type',
    ...(p.create.length ? ['create'] : []),
    'search-type',
  ].map((code) => ({ code }))
}

function resource(type: ResourceType): Record<string, unknown> {
  const p = TYPE_POLICIES[type]
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: interactions(type),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: false,
    conditionalCreate: type === 'Patient',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    referencePolicy: ['literal', 'local'],
    searchInclude: p.include,
    searchRevInclude: p.revinclude,
    searchParam: [
      { name: '_id', type: 'token' },
      { name: '_lastUpdated', type: 'date' },
      ...p.search.map((name) => ({
        name,
        definition: `http://hl7.org/fhir/SearchParameter/${type}-${name}`,
        type: paramDefinition(type, name).type,
      })),
    ],
    ...(type === 'Patient'
      ? {
          operation: [
            { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
          ],
        }
      : {}),
  }
}

export function capabilityStatement(base: string, version: string, date: Date): Record<string, unknown> {
  const origin = base.replace(/\/fhir\/R4$/, '')
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    publisher: 'Tessera',
    kind: 'instance',
    software: { name: 'Tessera', version },
    implementation: { description: 'Tessera clinic record', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    patchFormat: [],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: SMART_OAUTH_URIS,
              extension: [
                { url: 'authorize', valueUri: `${origin}/oauth/authorize` },
                { url: 'token', valueUri: `${origin}/oauth/token` },
                { url: 'introspect', valueUri: `${origin}/oauth/introspect` },
                { url: 'revoke', valueUri: `${origin}/oauth/revoke` },
              ],
            },
          ],
          description: 'Signed-in users (session with MFA) or SMART on FHIR apps with an access token.',
        },
        resource: [
          ...RESOURCE_TYPES.map(resource),
          {
            type: 'AuditEvent',
            profile: 'http://hl7.org/fhir/StructureDefinition/AuditEvent',
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchParam: FHIR_SEARCH_PARAMETERS.filter((n) => !n.startsWith('_')).map((name) => ({
              name,
              type: name === 'date' ? 'date' : name === 'patient' || name === 'agent' ? 'reference' : 'token',
            })),
          },
        ],
        interaction: [],
        searchParam: [
          { name: '_count', type: 'number' },
          { name: '_sort', type: 'string' },
          { name: '_summary', type: 'token' },
          { name: '_total', type: 'token' },
          { name: '_offset', type: 'number' },
        ],
      },
    ],
  }
}
