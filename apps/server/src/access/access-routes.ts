// Patients as staff see them (demographics), care-team assignment, break-glass.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  AssignBody,
  BreakGlassBody,
  BreakGlassGrant,
  BreakGlassUses,
  ErrorBody,
  Ok,
  PatientIdParams,
  PatientList,
  PatientProfile,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'
import { AppError } from '../platform/errors.ts'
import { actorOf } from './route-access.ts'
import { patientNotFound } from './access-policy.ts'
import { BreakGlassService } from './break-glass-service.ts'

export function accessRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { db, clock } = ctx
  const breakGlass = new BreakGlassService(ctx.identity)
  const errors = { '4xx': ErrorBody }

  return async (app) => {
    app.get(
      '/api/patients',
      {
        config: { audit: 'patient.search', access: { session: 'full', roles: ['clinician', 'reception'] } },
        schema: { response: { 200: PatientList, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const rows = await db
          .selectFrom('account')
          .select(['id', 'display_name', 'email'])
          .where('role', '=', 'patient')
          .where((eb) => ctx.access.patientFilter(eb, 'account.id', actor, 'demographics'))
          .orderBy('display_name')
          .limit(500)
          .execute()
        req.auditPatients = rows.map((r) => r.id)
        return { patients: rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email })) }
      },
    )

    app.get(
      '/api/patients/:patientId',
      {
        config: { audit: 'patient.read', access: { session: 'full' } },
        schema: { params: PatientIdParams, response: { 200: PatientProfile, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const row = await db
          .selectFrom('account')
          .select(['id', 'display_name', 'email'])
          .where('id', '=', req.params.patientId)
          .where('role', '=', 'patient')
          .where((eb) => ctx.access.patientFilter(eb, 'account.id', actor, 'demographics'))
          .executeTakeFirst()
        if (!row) throw patientNotFound()
        req.auditPurpose = await ctx.access.purposeOf(actor, row.id)
        return { id: row.id, displayName: row.display_name, email: row.email }
      },
    )

    app.post(
      '/api/care-team',
      {
        config: { audit: 'care-team.assign', access: { session: 'full', roles: ['reception', 'admin'] } },
        schema: { body: AssignBody, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        const { patientId, clinicianId } = req.body
        const people = await db
          .selectFrom('account')
          .select(['id', 'role'])
          .where('id', 'in', [patientId, clinicianId])
          .where('disabled_at', 'is', null)
          .execute()
        if (!people.some((p) => p.id === patientId && p.role === 'patient')) throw patientNotFound()
        if (!people.some((p) => p.id === clinicianId && p.role === 'clinician')) {
          throw new AppError('invalid', 'That person is not a clinician here.', [
            { path: 'body/clinicianId', message: 'not a clinician' },
          ])
        }
        const now = clock.now()
        const endsAt = new Date(now.getTime() + ctx.config.careTeamDays * 86_400_000)
        await db
          .insertInto('care_team')
          .values({
            patient_id: patientId,
            clinician_id: clinicianId,
            source: 'assignment',
            created_at: now,
            ends_at: endsAt,
          })
          .onConflict((oc) => oc.columns(['patient_id', 'clinician_id']).doUpdateSet({ ends_at: endsAt }))
          .execute()
        return { ok: true as const }
      },
    )

    // The patient sees every emergency access to their record, with the reason given (S5).
    app.get(
      '/api/privacy/break-glass',
      {
        config: { audit: 'privacy.access-log-read', access: { session: 'full', roles: ['patient'] } },
        schema: { response: { 200: BreakGlassUses, ...errors } },
      },
      async (req) => {
        const rows = await db
          .selectFrom('break_glass')
          .innerJoin('account', 'account.id', 'break_glass.clinician_id')
          .select([
            'account.display_name',
            'break_glass.created_at',
            'break_glass.expires_at',
            'break_glass.reason',
          ])
          .where('break_glass.patient_id', '=', actorOf(req).accountId)
          .orderBy('break_glass.created_at', 'desc')
          .execute()
        return {
          uses: rows.map((r) => ({
            clinicianName: r.display_name,
            at: r.created_at.toISOString(),
            until: r.expires_at.toISOString(),
            reason: r.reason,
          })),
        }
      },
    )

    app.post(
      '/api/break-glass',
      {
        config: {
          audit: 'break-glass.open',
          access: { session: 'full', roles: ['clinician'], stepUp: true },
        },
        schema: { body: BreakGlassBody, response: { 201: BreakGlassGrant, ...errors } },
      },
      async (req, reply) => {
        const grant = await breakGlass.open(actorOf(req), req.body.patientId, req.body.reason)
        req.auditEntities = [`BreakGlass/${grant.id}`]
        req.auditPurpose = 'break-glass'
        return reply.code(201).send(grant)
      },
    )
  }
}
