// The admin's reminder settings (offsets, sender name, templates; warnings about personal data) and
// reception's list of reminders that could not be delivered (S24), with acknowledgement.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ErrorBody,
  Ok,
  ReminderFailureList,
  ReminderParams,
  ReminderSettings,
  ReminderSettingsView,
} from '@tessera/contracts'
import { actorOf } from '../../access/route-access.ts'
import type { AppContext } from '../../context.ts'
import { settingsWarnings, type TemplateWarning } from './reminder-template.ts'

export function reminderRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const reminders = ctx.reminders
  const errors = { '4xx': ErrorBody }

  function view(settings: ReminderSettings): ReminderSettingsView {
    const warnings: TemplateWarning[] = settingsWarnings(settings)
    if (settings.smsEnabled && ctx.config.smsTransport === 'none') {
      warnings.push({
        field: 'smsEnabled',
        message: 'No SMS transport is configured (TESSERA_SMS_TRANSPORT), so no SMS reminders are sent.',
      })
    }
    return { settings, warnings }
  }

  return async (app) => {
    app.get(
      '/api/admin/reminder-settings',
      {
        // Clinic configuration only: no patient data, no security state.
        config: { audit: false, access: { session: 'full', roles: ['admin'] } },
        schema: { response: { 200: ReminderSettingsView, ...errors } },
      },
      async () => view(await reminders.settings.get()),
    )

    app.put(
      '/api/admin/reminder-settings',
      {
        config: { audit: 'reminders.settings-update', access: { session: 'full', roles: ['admin'] } },
        schema: { body: ReminderSettings, response: { 200: ReminderSettingsView, ...errors } },
      },
      // Saved even with warnings: the admin decides, the editor shows them what a patient's screen would.
      async (req) => view(await reminders.settings.update(req.body)),
    )

    app.get(
      '/api/reception/reminder-failures',
      {
        config: {
          audit: 'reminders.failures-read',
          access: { session: 'full', roles: ['reception', 'admin'] },
        },
        schema: { response: { 200: ReminderFailureList, ...errors } },
      },
      async (req) => {
        const failures = await reminders.failures(actorOf(req))
        req.auditPatients = [...new Set(failures.map((f) => f.patientId))]
        req.auditPurpose = 'scheduling'
        return { failures }
      },
    )

    app.post(
      '/api/reception/reminder-failures/:reminderId/acknowledge',
      {
        config: {
          audit: 'reminders.failure-acknowledge',
          access: { session: 'full', roles: ['reception', 'admin'] },
        },
        schema: { params: ReminderParams, response: { 200: Ok, ...errors } },
      },
      async (req) => {
        const done = await reminders.acknowledge(actorOf(req), req.params.reminderId)
        req.auditPatients = [done.patientId]
        req.auditEntities = [`Appointment/${done.appointmentId}`]
        req.auditPurpose = 'scheduling'
        return { ok: true as const }
      },
    )
  }
}
