// FHIR R4 REST at /fhir/R4: read, vread, create (conditional for Patient), update with If-Match,
// delete where allowed, history, search by GET and POST, Patient/$everything, and metadata.
// Every route takes a session (MFA done) or a SMART access token; the store applies the policy.
import type { FastifyPluginAsync } from 'fastify'
import { Type } from 'typebox'
import type { AppContext } from '../context.ts'
import { actorOf } from '../access/route-access.ts'
import { AppError } from '../platform/errors.ts'
import { FHIR_JSON, audited, sendVersion } from './fhir-reply.ts'
import { capabilityStatement } from './capability.ts'
import { isResourceType, type ResourceType } from './resource-types.ts'
import type { SearchInput } from './search-params.ts'
import { FhirRequests } from './fhir-requests.ts'

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json'])
const access = { session: 'full', bearer: true } as const

const TypeParams = Type.Object({ type: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const IdParams = Type.Object(
  { type: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
)
const VersionParams = Type.Object(
  {
    type: Type.String({ maxLength: 64 }),
    id: Type.String({ maxLength: 64 }),
    vid: Type.String({ maxLength: 12 }),
  },
  { additionalProperties: false },
)
/** Any FHIR resource: its structure is checked by the FHIR validator, not by this schema. */
const ResourceBody = Type.Object(
  { resourceType: Type.String({ maxLength: 64 }) },
  { additionalProperties: true },
)
const SearchForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

function resourceType(raw: string): ResourceType {
  if (!isResourceType(raw))
    throw new AppError('not-found', `${raw.slice(0, 64)} is not a resource type this server has`)
  return raw
}

function versionNumber(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new AppError('not-found', `version ${raw.slice(0, 12)} does not exist`)
  return Number(raw)
}

function checkFormat(input: SearchInput): void {
  const format = input['_format']
  if (format !== undefined && (Array.isArray(format) || !JSON_FORMATS.has(format))) {
    throw new AppError('invalid', 'only JSON is supported (_format=json)', [
      { path: '_format', message: 'unsupported format' },
    ])
  }
}

export function fhirRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    const jsonParser = app.getDefaultJsonParser('error', 'error')
    app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, jsonParser)
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        const form: Record<string, string | string[]> = {}
        for (const [key, value] of new URLSearchParams(body as string)) {
          const prior = form[key]
          form[key] = prior === undefined ? value : [...[prior].flat(), value]
        }
        done(null, form)
      },
    )
    const requests = new FhirRequests(ctx)
    const base = () => `${ctx.identity.publicUrl()}/fhir/R4`

    app.get(
      '/fhir/R4/metadata',
      { config: { access: { public: true }, audit: false } },
      async (_req, reply) =>
        reply.type(FHIR_JSON).send(capabilityStatement(base(), ctx.version, ctx.clock.now())),
    )

    app.get(
      '/fhir/R4/:type',
      { config: { access, audit: 'fhir.search' }, schema: { params: TypeParams } },
      async (req, reply) => {
        const input = req.query as SearchInput
        checkFormat(input)
        return requests.search(req, reply, resourceType((req.params as { type: string }).type), input)
      },
    )

    app.post(
      '/fhir/R4/:type/_search',
      { config: { access, audit: 'fhir.search' }, schema: { params: TypeParams, body: SearchForm } },
      async (req, reply) => {
        const input = { ...(req.query as SearchInput), ...(req.body as SearchInput) }
        checkFormat(input)
        return requests.search(req, reply, resourceType((req.params as { type: string }).type), input)
      },
    )

    app.post(
      '/fhir/R4/:type',
      { config: { access, audit: 'fhir.create' }, schema: { params: TypeParams, body: ResourceBody } },
      async (req, reply) => {
        const type = resourceType((req.params as { type: string }).type)
        const condition = req.headers['if-none-exist']
        const { version, created } = await requests.create(
          actorOf(req),
          type,
          req.body,
          typeof condition === 'string' ? condition : undefined,
        )
        audited(req, [version])
        return sendVersion(req, reply, base(), version, created ? 201 : 200)
      },
    )

    app.get(
      '/fhir/R4/:type/_history',
      { config: { access, audit: 'fhir.history' }, schema: { params: TypeParams } },
      async (req, reply) =>
        requests.history(
          req,
          reply,
          resourceType((req.params as { type: string }).type),
          null,
          req.query as SearchInput,
        ),
    )

    app.get(
      '/fhir/R4/:type/:id',
      { config: { access, audit: 'fhir.read' }, schema: { params: IdParams } },
      async (req, reply) => {
        checkFormat(req.query as SearchInput)
        const { type, id } = req.params as { type: string; id: string }
        const version = await ctx.fhir.store.read(actorOf(req), resourceType(type), id)
        audited(req, [version])
        return sendVersion(req, reply, base(), version, 200)
      },
    )

    app.put(
      '/fhir/R4/:type/:id',
      { config: { access, audit: 'fhir.update' }, schema: { params: IdParams, body: ResourceBody } },
      async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string }
        const ifMatch = req.headers['if-match']
        const version = await ctx.fhir.store.update(actorOf(req), resourceType(type), id, req.body, ifMatch)
        audited(req, [version])
        return sendVersion(req, reply, base(), version, 200)
      },
    )

    app.delete(
      '/fhir/R4/:type/:id',
      { config: { access, audit: 'fhir.delete' }, schema: { params: IdParams } },
      async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string }
        const version = await ctx.fhir.store.delete(actorOf(req), resourceType(type), id)
        audited(req, [version])
        return reply.code(204).header('etag', `W/"${version.versionId}"`).send()
      },
    )

    app.get(
      '/fhir/R4/:type/:id/_history',
      { config: { access, audit: 'fhir.history' }, schema: { params: IdParams } },
      async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string }
        return requests.history(req, reply, resourceType(type), id, req.query as SearchInput)
      },
    )

    app.get(
      '/fhir/R4/:type/:id/_history/:vid',
      { config: { access, audit: 'fhir.vread' }, schema: { params: VersionParams } },
      async (req, reply) => {
        const { type, id, vid } = req.params as { type: string; id: string; vid: string }
        const version = await ctx.fhir.store.vread(actorOf(req), resourceType(type), id, versionNumber(vid))
        audited(req, [version])
        return sendVersion(req, reply, base(), version, 200)
      },
    )

    app.get(
      '/fhir/R4/:type/:id/$everything',
      { config: { access, audit: 'fhir.everything' }, schema: { params: IdParams } },
      async (req, reply) => {
        const { type, id } = req.params as { type: string; id: string }
        if (resourceType(type) !== 'Patient')
          throw new AppError('not-found', '$everything is an operation on Patient')
        return requests.everything(req, reply, id, req.query as SearchInput)
      },
    )
  }
}
