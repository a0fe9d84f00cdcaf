// The FHIR interactions that take parameters (search, history, $everything, conditional create):
// parameters in (or a sealed page link), a bundle out, with paging links and the audit facts set.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../context.ts'
import type { Actor } from '../access/actor.ts'
import { actorOf } from '../access/route-access.ts'
import { AppError } from '../platform/errors.ts'
import { historyBundle, searchBundle } from './bundle.ts'
import { FHIR_JSON, audited } from './fhir-reply.ts'
import { parseHistory } from './fhir-history.ts'
import type { StoredVersion } from './fhir-store.ts'
import { resolvePage, sealPage } from './paging.ts'
import type { ResourceType } from './resource-types.ts'
import { parseSearch, type SearchInput } from './search-params.ts'
import { assertAllowed } from './fhir-permissions.ts'
import { validateResource } from './validate.ts'

export class FhirRequests {
  constructor(private readonly ctx: AppContext) {}

  private base(): string {
    return `${this.ctx.identity.publicUrl()}/fhir/R4`
  }

  private link(actor: Actor, path: string, target: string, input: SearchInput, offset: number): string {
    const token = sealPage(
      this.ctx.identity.box,
      actor.accountId,
      target,
      { ...input, _offset: String(offset) },
      this.ctx.clock.now(),
    )
    return `${this.base()}/${path}?_page=${encodeURIComponent(token)}`
  }

  async search(
    req: FastifyRequest,
    reply: FastifyReply,
    type: ResourceType,
    raw: SearchInput,
  ): Promise<FastifyReply> {
    const actor = actorOf(req)
    const now = this.ctx.clock.now()
    const input = resolvePage(this.ctx.identity.box, actor.accountId, type, raw, now)
    const plan = parseSearch(type, input, this.base())
    const result = await this.ctx.fhir.search.search(actor, plan)
    audited(req, [...result.matches, ...result.included])
    const links = {
      self: this.link(actor, type, type, input, plan.offset),
      next: result.hasMore ? this.link(actor, type, type, input, plan.offset + plan.count) : undefined,
    }
    return reply
      .type(FHIR_JSON)
      .send(searchBundle(this.base(), now, links, result.total, result.matches, result.included))
  }

  async history(
    req: FastifyRequest,
    reply: FastifyReply,
    type: ResourceType,
    id: string | null,
    raw: SearchInput,
  ): Promise<FastifyReply> {
    const actor = actorOf(req)
    const now = this.ctx.clock.now()
    const path = id ? `${type}/${id}/_history` : `${type}/_history`
    const input = resolvePage(this.ctx.identity.box, actor.accountId, path, raw, now)
    const plan = parseHistory(input)
    const page = await this.ctx.fhir.history.history(actor, type, id, plan)
    audited(req, page.versions)
    const links = {
      self: this.link(actor, path, path, input, plan.offset),
      next: page.hasMore ? this.link(actor, path, path, input, plan.offset + plan.count) : undefined,
    }
    return reply.type(FHIR_JSON).send(historyBundle(this.base(), now, links, page.versions))
  }

  async everything(
    req: FastifyRequest,
    reply: FastifyReply,
    patientId: string,
    input: SearchInput,
  ): Promise<FastifyReply> {
    const actor = actorOf(req)
    if (actor.role !== 'patient' && actor.role !== 'clinician') {
      throw new AppError('forbidden', 'Only the patient and their clinicians can download the whole record.')
    }
    const versions = await this.ctx.fhir.history.everything(actor, patientId, input)
    audited(req, versions)
    const now = this.ctx.clock.now()
    const self = `${this.base()}/Patient/${patientId}/$everything`
    return reply.type(FHIR_JSON).send(searchBundle(this.base(), now, { self }, versions.length, versions, []))
  }

  /**
   * Create, or (with If-None-Exist, Patient only) return the one existing match: 0 matches create,
   * 1 returns it (200), more is 412. Serialised per condition so two racing requests make one record.
   */
  async create(
    actor: Actor,
    type: ResourceType,
    body: unknown,
    condition: string | undefined,
  ): Promise<{ version: StoredVersion; created: boolean }> {
    const { store, search } = this.ctx.fhir
    if (condition === undefined) return { version: await store.create(actor, type, body), created: true }
    if (type !== 'Patient') {
      throw new AppError('invalid', 'If-None-Exist is supported for Patient only', [
        { path: 'header/if-none-exist', message: 'not supported for this type' },
      ])
    }
    assertAllowed(actor, type, 'create')
    validateResource(body, type)
    const input: SearchInput = {}
    for (const [key, value] of new URLSearchParams(condition)) input[key] = value
    const plan = { ...parseSearch(type, input, this.base()), count: 2, offset: 0 }
    return this.ctx.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`fhir-create:${type}?${condition}`}))`.execute(tx)
      const found = await search.search(actor, plan, tx)
      if (found.matches.length > 1) {
        throw new AppError(
          'precondition-failed',
          `If-None-Exist matched more than one ${type}; make the condition more specific`,
          [{ path: 'header/if-none-exist', message: 'several matches' }],
        )
      }
      const match = found.matches[0]
      return match
        ? { version: match, created: false }
        : { version: await store.create(actor, type, body, tx), created: true }
    })
  }
}
