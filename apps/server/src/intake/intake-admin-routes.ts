// The clinic admin's form library: import a Questionnaire (every problem by path), list forms and
// their versions, read any version, choose which forms patients must complete and which document
// categories readiness asks for.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  FhirJson,
  IntakeFormLibrary,
  QuestionnaireIdParams,
  QuestionnaireVersionView,
  RequiredDocumentsBody,
  RequiredFormsBody,
  type IntakeFormDefinition,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import { AppError } from '../platform/errors.ts'
import { versionView } from './questionnaire-library.ts'

export function intakeAdminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { library, settings } = ctx.intake
  const errors = { '4xx': ErrorBody }

  async function formLibrary(actor: Actor): Promise<IntakeFormLibrary> {
    const [all, { requiredForms, requiredDocuments }] = await Promise.all([
      library.all(actor),
      settings.get(),
    ])
    const byUrl = new Map<string, IntakeFormDefinition>()
    for (const stored of all) {
      const view = versionView(stored)
      const form = byUrl.get(view.url) ?? {
        url: view.url,
        title: view.title,
        required: requiredForms.includes(view.url),
        versions: [],
      }
      form.versions.push(view)
      byUrl.set(view.url, form)
    }
    const rank = (form: IntakeFormDefinition) => {
      const at = requiredForms.indexOf(form.url)
      return at < 0 ? requiredForms.length : at
    }
    const forms = [...byUrl.values()].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title))
    return { forms, requiredDocuments }
  }

  return async (app) => {
    app.get(
      '/api/intake/forms',
      {
        config: { audit: false, access: { session: 'full', roles: ['admin'] } },
        schema: { response: { 200: IntakeFormLibrary, ...errors } },
      },
      async (req) => formLibrary(actorOf(req)),
    )

    app.post(
      '/api/intake/forms',
      {
        config: { audit: 'intake.form-import', access: { session: 'full', roles: ['admin'] } },
        schema: { body: FhirJson, response: { 201: QuestionnaireVersionView, ...errors } },
      },
      async (req, reply) => {
        const stored = await library.import(actorOf(req), req.body)
        req.auditEntities = [`Questionnaire/${stored.id}`]
        return reply.code(201).send(versionView(stored))
      },
    )

    app.get(
      '/api/intake/questionnaires/:questionnaireId',
      {
        config: { audit: false, access: { session: 'full', roles: ['admin', 'clinician'] } },
        schema: { params: QuestionnaireIdParams, response: { 200: FhirJson, ...errors } },
      },
      async (req) => (await library.read(actorOf(req), req.params.questionnaireId)).questionnaire,
    )

    app.put(
      '/api/intake/required-forms',
      {
        config: { audit: 'intake.settings-update', access: { session: 'full', roles: ['admin'] } },
        schema: { body: RequiredFormsBody, response: { 200: IntakeFormLibrary, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        const problems = []
        for (const [i, url] of req.body.urls.entries()) {
          if (!(await library.latestActive(actor, url)))
            problems.push({
              path: `body/urls/${i}`,
              message: 'no active version of this form has been imported',
            })
        }
        if (problems.length > 0)
          throw new AppError('invalid', 'Only forms with an active version can be required.', problems)
        await settings.update({ requiredForms: req.body.urls })
        return formLibrary(actor)
      },
    )

    app.put(
      '/api/intake/required-documents',
      {
        config: { audit: 'intake.settings-update', access: { session: 'full', roles: ['admin'] } },
        schema: { body: RequiredDocumentsBody, response: { 200: IntakeFormLibrary, ...errors } },
      },
      async (req) => {
        await settings.update({ requiredDocuments: req.body.categories })
        return formLibrary(actorOf(req))
      },
    )
  }
}
