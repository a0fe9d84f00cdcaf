// The medicines catalogue and the pharmacies: the admin manages them; clinicians and pharmacists
// read the active lists (the prescribing form's choices). No patient data here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  MedicationBody,
  MedicationList,
  MedicationParams,
  MedicationView,
  PharmacyBody,
  PharmacyList,
  PharmacyMemberBody,
  PharmacyMemberParams,
  PharmacyParams,
  PharmacyView,
} from '@tessera/contracts'
import type { AppContext } from '../context.ts'

export function catalogueRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const catalogue = ctx.prescribing.catalogue
  const errors = { '4xx': ErrorBody }
  const admin = { session: 'full', roles: ['admin'] } as const
  const staff = { session: 'full', roles: ['clinician', 'pharmacist', 'admin'] } as const

  return async (app) => {
    app.get(
      '/api/medications',
      { config: { audit: false, access: staff }, schema: { response: { 200: MedicationList, ...errors } } },
      async () => ({ medications: await catalogue.medications(false) }),
    )
    app.get(
      '/api/pharmacies',
      { config: { audit: false, access: staff }, schema: { response: { 200: PharmacyList, ...errors } } },
      async () => ({ pharmacies: await catalogue.pharmacies(false) }),
    )

    app.get(
      '/api/admin/medications',
      { config: { audit: false, access: admin }, schema: { response: { 200: MedicationList, ...errors } } },
      async () => ({ medications: await catalogue.medications(true) }),
    )
    app.post(
      '/api/admin/medications',
      {
        config: { audit: 'catalogue.medication-create', access: admin },
        schema: { body: MedicationBody, response: { 201: MedicationView, ...errors } },
      },
      async (req, reply) => {
        const created = await catalogue.createMedication(req.body)
        req.auditEntities = [`Medication/${created.id}`]
        return reply.code(201).send(created)
      },
    )
    app.put(
      '/api/admin/medications/:medicationId',
      {
        config: { audit: 'catalogue.medication-update', access: admin },
        schema: {
          params: MedicationParams,
          body: MedicationBody,
          response: { 200: MedicationView, ...errors },
        },
      },
      async (req) => {
        req.auditEntities = [`Medication/${req.params.medicationId}`]
        return catalogue.updateMedication(req.params.medicationId, req.body)
      },
    )
    app.post(
      '/api/admin/medications/:medicationId/retire',
      {
        config: { audit: 'catalogue.medication-retire', access: admin },
        schema: { params: MedicationParams, response: { 200: MedicationView, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`Medication/${req.params.medicationId}`]
        return catalogue.retireMedication(req.params.medicationId)
      },
    )

    app.get(
      '/api/admin/pharmacies',
      { config: { audit: false, access: admin }, schema: { response: { 200: PharmacyList, ...errors } } },
      async () => ({ pharmacies: await catalogue.pharmacies(true) }),
    )
    app.post(
      '/api/admin/pharmacies',
      {
        config: { audit: 'catalogue.pharmacy-create', access: admin },
        schema: { body: PharmacyBody, response: { 201: PharmacyView, ...errors } },
      },
      async (req, reply) => reply.code(201).send(await catalogue.createPharmacy(req.body)),
    )
    app.put(
      '/api/admin/pharmacies/:pharmacyId',
      {
        config: { audit: 'catalogue.pharmacy-update', access: admin },
        schema: { params: PharmacyParams, body: PharmacyBody, response: { 200: PharmacyView, ...errors } },
      },
      async (req) => catalogue.updatePharmacy(req.params.pharmacyId, req.body),
    )
    app.post(
      '/api/admin/pharmacies/:pharmacyId/members',
      {
        config: { audit: 'catalogue.pharmacy-member-add', access: admin },
        schema: {
          params: PharmacyParams,
          body: PharmacyMemberBody,
          response: { 200: PharmacyList, ...errors },
        },
      },
      async (req) => {
        req.auditEntities = [`Account/${req.body.accountId}`]
        await catalogue.addMember(req.params.pharmacyId, req.body.accountId)
        return { pharmacies: await catalogue.pharmacies(true) }
      },
    )
    app.delete(
      '/api/admin/pharmacies/:pharmacyId/members/:accountId',
      {
        config: { audit: 'catalogue.pharmacy-member-remove', access: admin },
        schema: { params: PharmacyMemberParams, response: { 200: PharmacyList, ...errors } },
      },
      async (req) => {
        req.auditEntities = [`Account/${req.params.accountId}`]
        await catalogue.removeMember(req.params.pharmacyId, req.params.accountId)
        return { pharmacies: await catalogue.pharmacies(true) }
      },
    )
  }
}
