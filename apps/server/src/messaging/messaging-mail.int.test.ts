// Notifications through a real SMTP server: the patient gets the fixed notice when staff reply
// (not for an internal note), the assigned clinician when the patient writes; no subject, body,
// name or topic in any of it (SECURITY.md S21, JOURNEYS.md patient step 8).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ThreadDetail } from '@tessera/contracts'
import { createSmtpTransport } from '../platform/mail/smtp-transport.ts'
import { parseMessage, startSmtp, testSmtpConfig } from '../platform/mail/smtp-test-server.ts'
import { FIRST_BODY, messagingTest, SUBJECT, type MessagingTest } from './messaging-test-kit.ts'

let smtp: Awaited<ReturnType<typeof startSmtp>>
let m: MessagingTest

before(async () => {
  smtp = await startSmtp()
  m = await messagingTest({}, createSmtpTransport(testSmtpConfig(smtp.port)))
})
after(async () => {
  await m.t.close()
  await smtp.close()
})

test('a real SMTP server receives the fixed notice and nothing of the conversation', async () => {
  const started = await m.as('patient', 'POST', '/api/messages/threads', {
    topic: 'clinical',
    subject: SUBJECT,
    body: FIRST_BODY,
  })
  const threadId = started.json<ThreadDetail>().thread.id
  const url = `/api/messages/threads/${threadId}`
  await m.as('clinician', 'PATCH', url, { assignedTo: m.clinician.id })
  await m.as('clinician', 'POST', `${url}/messages`, {
    body: 'Internal: Maribel may need a referral',
    internal: true,
  })
  await m.t.deliverMail()
  assert.equal(smtp.received.length, 0, 'an internal note emails nobody')

  await m.as('clinician', 'POST', `${url}/messages`, { body: 'Please stop the cream, Maribel.' })
  m.t.clock.advance(1000)
  await m.as('patient', 'POST', `${url}/messages`, { body: 'Thank you, doctor Okonkwo.' })
  await m.t.deliverMail()
  assert.deepEqual(smtp.received.map((r) => r.rcptTo).sort(), [[m.patient.email], [m.clinician.email]].sort())
  for (const received of smtp.received) {
    const { headers, body } = parseMessage(received.raw)
    assert.equal(headers.get('subject'), 'You have a new secure message')
    assert.match(
      body,
      /^You have a new secure message\. Sign in to read it\.\r?\nhttp:\/\/localhost:3000\/sign-in\r?\n/,
    )
    for (const phi of [
      'Rash',
      'cream',
      'arm',
      'Maribel',
      'Quintero',
      'Okonkwo',
      'referral',
      'clinical',
      'Doctor',
    ])
      assert.ok(!received.raw.toLowerCase().includes(phi.toLowerCase()), `mail carries "${phi}"`)
  }
})
