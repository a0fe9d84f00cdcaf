import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMemoryOutboxStore } from './memory-outbox-store.ts'
import { createOutboxTransport } from './outbox-transport.ts'
import type { OutgoingMail } from './mailer.ts'

const message: OutgoingMail = {
  to: 'patient@example.com',
  subject: 'You have a new secure message',
  text: 'You have a new secure message. Sign in to read it.',
  category: 'notification',
}

void test('messages land in the outbox with the time they were sent and the id the store gave', async () => {
  const store = createMemoryOutboxStore()
  const when = new Date('2025-03-03T10:00:00Z')
  const transport = createOutboxTransport(store, { now: () => when })
  const result = await transport.send(message)
  assert.ok(result.ok)
  const listed = store.list()
  assert.equal(listed.length, 1)
  assert.deepEqual(listed[0], { ...message, createdAt: when, id: result.messageId })
})

void test('a failing store yields a retryable failure that does not repeat what the store said', async () => {
  const secretBody = 'Your sign-in code is: 042917'
  const transport = createOutboxTransport({
    add: (m) => Promise.reject(new Error(`insert failed: Failing row contains (${m.to}, ${m.text})`)),
  })
  const result = await transport.send({ ...message, text: secretBody, category: 'mfa-code' })
  assert.deepEqual(result, { ok: false, error: 'outbox store failed', retryable: true })
})

void test('the outbox refuses what SMTP would refuse, and stores nothing', async () => {
  const store = createMemoryOutboxStore()
  const transport = createOutboxTransport(store)
  for (const to of [
    'a@example.com, b@example.com',
    'Name <a@example.com>',
    'a@example.com\r\nBcc: x@y.z',
    'nobody',
  ]) {
    assert.deepEqual(await transport.send({ ...message, to }), {
      ok: false,
      error: 'invalid recipient address',
      retryable: false,
    })
  }
  const injected = await transport.send({ ...message, subject: 'Hi\r\nBcc: attacker@evil.example' })
  assert.equal(injected.ok, false)
  assert.equal(store.list().length, 0)
})

void test('the in-memory store hands out copies', async () => {
  const store = createMemoryOutboxStore()
  await store.add({ ...message, createdAt: new Date(0) })
  const first = store.list()[0]
  assert.ok(first)
  first.createdAt.setTime(123)
  first.text = 'changed'
  assert.equal(store.list()[0]?.createdAt.getTime(), 0)
  assert.equal(store.list()[0]?.text, message.text)
})
