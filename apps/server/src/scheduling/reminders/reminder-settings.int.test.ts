// The admin's reminder editor: defaults, unknown placeholders refused naming the field, warnings
// about personal or clinical words that do not block saving, and admins only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ReminderSettings, ReminderSettingsView } from '@tessera/contracts'
import { createAccount, signIn, someAddress } from '../../testing/accounts.ts'
import { createTestApp, type TestApp } from '../../testing/test-app.ts'

const URL = '/api/admin/reminder-settings'

async function call(t: TestApp, cookie: string, method: 'GET' | 'PUT', payload?: unknown) {
  return t.app.inject({
    method,
    url: URL,
    remoteAddress: someAddress(),
    headers: { ...t.browserHeaders, cookie },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  })
}

test('reminder settings: defaults, refusals naming the field, warnings that do not block saving', async () => {
  const t = await createTestApp({ config: { mailFromName: 'Riverside Health' } })
  try {
    const admin = await signIn(t, await createAccount(t, { role: 'admin' }))
    const reception = await signIn(t, await createAccount(t, { role: 'reception' }))

    const initial = await call(t, admin, 'GET')
    assert.equal(initial.statusCode, 200)
    const defaults = initial.json<ReminderSettingsView>()
    assert.deepEqual(defaults, {
      settings: {
        offsetsMinutes: [1440, 60],
        senderName: 'Riverside Health',
        emailSubject: 'Appointment reminder',
        emailText: 'You have an appointment on {date} at {time} ({timeZone}). Sign in to see details: {link}',
        smsText: 'Appointment on {date} at {time} ({timeZone}). Sign in to see details: {link}',
        smsEnabled: false,
      },
      warnings: [],
    })

    const refused = await call(t, admin, 'PUT', {
      ...defaults.settings,
      emailText: 'Dear {patientName}, see you on {date}.',
    })
    assert.equal(refused.statusCode, 400)
    const body = refused.json<{ error: { details: Array<{ path: string; message: string }> } }>()
    assert.equal(body.error.details[0]?.path, 'body/emailText')
    assert.match(body.error.details[0]?.message ?? '', /\{patientName\}/)
    assert.equal(
      (await call(t, admin, 'GET')).json<ReminderSettingsView>().settings.emailText,
      defaults.settings.emailText,
    )

    const risky: ReminderSettings = {
      ...defaults.settings,
      offsetsMinutes: [60, 2880],
      senderName: 'Harbourside Cannabis Clinic',
      emailText:
        'Your appointment with Dr Fairweather is on {date} at {time}. Questions: info@clinic.example or 020 7946 0958. {link}',
      smsEnabled: true,
    }
    const saved = await call(t, admin, 'PUT', risky)
    assert.equal(saved.statusCode, 200, saved.body)
    const view = saved.json<ReminderSettingsView>()
    assert.deepEqual(view.settings, { ...risky, offsetsMinutes: [2880, 60] })
    const messages = view.warnings.map((w) => `${w.field}: ${w.message}`)
    for (const expected of [
      /^senderName: Contains "cannabis"/,
      /^emailText: Contains a title such as "Dr"/,
      /^emailText: Contains an email address/,
      /^emailText: Contains what looks like a phone number/,
      /^smsEnabled: No SMS transport is configured/,
    ]) {
      assert.ok(
        messages.some((m) => expected.test(m)),
        `no warning matching ${expected}: ${messages.join(' | ')}`,
      )
    }
    assert.deepEqual((await call(t, admin, 'GET')).json<ReminderSettingsView>(), view)

    assert.equal((await call(t, reception, 'GET')).statusCode, 403)
    assert.equal((await call(t, reception, 'PUT', defaults.settings)).statusCode, 403)
    const extra = await call(t, admin, 'PUT', { ...defaults.settings, clinicianName: 'x' })
    assert.equal(extra.statusCode, 400, 'unknown fields are refused')
  } finally {
    await t.close()
  }
})
