// How FHIR responses are shaped: content type, ETag / Last-Modified / Location, `Prefer: return=`,
// and what the audit event records about them.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { fullUrl } from './bundle.ts'
import type { StoredVersion } from './fhir-store.ts'

export const FHIR_JSON = 'application/fhir+json; charset=utf-8'

/** Audit what a response touched: the patients (one event each) and the resources. */
export function audited(req: FastifyRequest, versions: StoredVersion[]): void {
  req.auditPatients = [...new Set(versions.map((v) => v.patientId).filter((p): p is string => p !== null))]
  req.auditEntities = versions.map((v) => `${v.type}/${v.id}`)
}

function preferMinimal(req: FastifyRequest): 'minimal' | 'representation' | 'OperationOutcome' {
  const prefer = req.headers['prefer']
  const value = /return=(minimal|representation|OperationOutcome)/.exec(
    typeof prefer === 'string' ? prefer : '',
  )?.[1]
  return (value as 'minimal' | 'representation' | 'OperationOutcome' | undefined) ?? 'representation'
}

export function sendVersion(
  req: FastifyRequest,
  reply: FastifyReply,
  base: string,
  v: StoredVersion,
  status: number,
): FastifyReply {
  reply.code(status).header('etag', `W/"${v.versionId}"`).header('last-modified', v.lastUpdated.toUTCString())
  if (status === 201) reply.header('location', `${fullUrl(base, v)}/_history/${v.versionId}`)
  const prefer = req.method === 'GET' ? 'representation' : preferMinimal(req)
  if (prefer === 'minimal') return reply.send()
  if (prefer === 'OperationOutcome') {
    return reply.type(FHIR_JSON).send({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'information',
          code: 'informational',
          diagnostics: `${v.type}/${v.id} version ${v.versionId}`,
        },
      ],
    })
  }
  return reply.type(FHIR_JSON).send(v.json ?? '')
}
