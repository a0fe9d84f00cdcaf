// Against a real SMTP server (smtp-server on 127.0.0.1, port 0): what a recipient's mail server would
// actually receive, byte for byte, and what the transport reports when delivery fails.
import assert from 'node:assert/strict'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { parseMessage, startSmtp, testSmtpConfig as config } from './smtp-test-server.ts'
import { classifySmtpError, createSmtpTransport } from './smtp-transport.ts'
import { CANARIES, CANARY_WORDS, renderAllWithCanaries } from './template-canaries.ts'
import { addressed } from './templates.ts'

void test('every template arrives as plain text with the right subject, recipient and sender name, and no canary', async () => {
  const smtp = await startSmtp()
  const transport = createSmtpTransport(config(smtp.port))
  try {
    const templates = renderAllWithCanaries()
    for (const [name, mail] of templates) {
      const result = await transport.send(addressed('patient@example.com', mail))
      assert.ok(result.ok, name)
      const got = smtp.received.at(-1)
      assert.ok(got, name)
      assert.equal(got.mailFrom, 'noreply@clinic.example')
      assert.deepEqual(got.rcptTo, ['patient@example.com'])

      const { headers, body } = parseMessage(got.raw)
      assert.equal(headers.get('subject'), mail.subject, name)
      assert.equal(headers.get('to'), 'patient@example.com')
      assert.match(headers.get('from') ?? '', /^"?Riverside Health"? <noreply@clinic\.example>$/)
      assert.match(headers.get('content-type') ?? '', /^text\/plain; charset=utf-8$/i)
      assert.equal(headers.get('message-id'), result.messageId)
      assert.ok(!/text\/html|multipart/i.test(got.raw), `${name}: text only`)
      assert.equal(body.trimEnd(), mail.text.trimEnd(), `${name}: body as rendered`)

      // Checked on the decoded body (a soft line break could split a word in the raw bytes) and on
      // the raw message including every header.
      for (const word of CANARY_WORDS) {
        assert.ok(!body.toLowerCase().includes(word.toLowerCase()), `${name}: body contains ${word}`)
        assert.ok(!got.raw.toLowerCase().includes(word.toLowerCase()), `${name}: message contains ${word}`)
      }
    }
    assert.equal(smtp.received.length, templates.length)
  } finally {
    transport.close()
    await smtp.close()
  }
})

void test('a recipient refused with 550 is a permanent failure that names neither the address nor the body', async () => {
  const smtp = await startSmtp({ rcpt: (address) => (address.startsWith('gone') ? 550 : null) })
  const transport = createSmtpTransport(config(smtp.port))
  try {
    const result = await transport.send({
      to: 'gone@example.com',
      subject: 'You have a new secure message',
      text: `Sign in to read it. ${CANARIES.patientName}`,
      category: 'notification',
    })
    assert.equal(result.ok, false)
    assert.ok(!result.ok)
    assert.equal(result.retryable, false)
    assert.match(result.error, /^SMTP 550\b/)
    assert.ok(!result.error.includes('gone@example.com'))
    assert.ok(!result.error.includes('Quenby'))
    assert.equal(smtp.received.length, 0)
  } finally {
    transport.close()
    await smtp.close()
  }
})

void test('a recipient refused with 451 (try later) is retryable', async () => {
  const smtp = await startSmtp({ rcpt: () => 451 })
  const transport = createSmtpTransport(config(smtp.port))
  try {
    const result = await transport.send({
      to: 'busy@example.com',
      subject: 's',
      text: 't',
      category: 'alert',
    })
    assert.deepEqual(result.ok ? null : [result.retryable, result.error.startsWith('SMTP 451')], [true, true])
  } finally {
    transport.close()
    await smtp.close()
  }
})

void test('a message refused after DATA does not leak the body the server quoted back', async () => {
  const smtp = await startSmtp({ data: 554 })
  const transport = createSmtpTransport(config(smtp.port))
  try {
    const result = await transport.send({
      to: 'patient@example.com',
      subject: 'Your sign-in code',
      text: `Your sign-in code is: 042917 ${CANARIES.diagnosis}`,
      category: 'mfa-code',
    })
    assert.ok(!result.ok)
    assert.equal(result.retryable, false)
    for (const leak of ['042917', 'Glioblastoma', 'patient@example.com', 'sign-in code']) {
      assert.ok(!result.error.includes(leak), `error text contains ${leak}: ${result.error}`)
    }
  } finally {
    transport.close()
    await smtp.close()
  }
})

void test('a mail server that is down is a retryable failure', async () => {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))

  const transport = createSmtpTransport(config(port))
  try {
    const result = await transport.send({
      to: 'patient@example.com',
      subject: 's',
      text: 'body',
      category: 'reminder',
    })
    assert.ok(!result.ok)
    assert.equal(result.retryable, true)
    assert.ok(!result.error.includes('body'))
    const check = await transport.verify()
    assert.ok(!check.ok && check.retryable, 'the admin\'s "test settings" says the same')
  } finally {
    transport.close()
  }
})

void test('a server that accepts the connection but never answers times out, retryably', async () => {
  const sockets = new Set<net.Socket>()
  const silent = net.createServer((socket) => sockets.add(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const { port } = silent.address() as AddressInfo
  const transport = createSmtpTransport(config(port, { timeouts: { greetingMs: 300 } }))
  try {
    const started = performance.now()
    const result = await transport.send({
      to: 'patient@example.com',
      subject: 's',
      text: 't',
      category: 'reminder',
    })
    assert.ok(!result.ok)
    assert.equal(result.retryable, true)
    assert.match(result.error, /ETIMEDOUT/)
    assert.ok(performance.now() - started < 3000, 'the greeting timeout applied')
  } finally {
    transport.close()
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => silent.close(() => resolve()))
  }
})

void test('by default a server without STARTTLS gets nothing: no silent downgrade to clear text', async () => {
  const smtp = await startSmtp()
  const transport = createSmtpTransport(config(smtp.port, { starttls: 'required' }))
  const { starttls: _unused, ...defaults } = config(smtp.port)
  const strict = createSmtpTransport(defaults) // starttls left out: the default
  try {
    for (const t of [transport, strict]) {
      const result = await t.send({
        to: 'patient@example.com',
        subject: 's',
        text: 't',
        category: 'reminder',
      })
      assert.ok(!result.ok)
      assert.equal(result.retryable, false, 'a configuration problem for the admin, not a retry loop')
    }
    assert.equal(smtp.received.length, 0)
  } finally {
    transport.close()
    strict.close()
    await smtp.close()
  }
})

void test('credentials are used when configured; wrong ones are a permanent failure', async () => {
  const smtp = await startSmtp({ auth: { user: 'relay-user', pass: 'relay-pass' } })
  const good = createSmtpTransport(config(smtp.port, { user: 'relay-user', password: 'relay-pass' }))
  const bad = createSmtpTransport(config(smtp.port, { user: 'relay-user', password: 'wrong' }))
  try {
    assert.deepEqual(await good.verify(), { ok: true })
    const badCheck = await bad.verify()
    assert.ok(!badCheck.ok && !badCheck.retryable)
    assert.equal(
      (await good.send({ to: 'a@example.com', subject: 's', text: 't', category: 'alert' })).ok,
      true,
    )
    const refused = await bad.send({ to: 'a@example.com', subject: 's', text: 't', category: 'alert' })
    assert.ok(!refused.ok)
    assert.equal(refused.retryable, false)
    assert.ok(!refused.error.includes('wrong'), 'the password is not in the error')
    assert.equal(smtp.received.length, 1)
  } finally {
    good.close()
    bad.close()
    await smtp.close()
  }
})

void test('a recipient that is really a list or carries headers is refused before connecting', async () => {
  const smtp = await startSmtp()
  const transport = createSmtpTransport(config(smtp.port))
  try {
    for (const to of [
      'a@example.com, b@example.com',
      'a@example.com\r\nBcc: b@example.com',
      '"x" <a@example.com>',
    ]) {
      assert.deepEqual(await transport.send({ to, subject: 's', text: 't', category: 'alert' }), {
        ok: false,
        error: 'invalid recipient address',
        retryable: false,
      })
    }
    assert.equal(smtp.received.length, 0)
  } finally {
    transport.close()
    await smtp.close()
  }
})

void test('error classification: 4xx and connection errors retry, 5xx and configuration errors do not', () => {
  const cases: Array<[unknown, boolean]> = [
    [{ responseCode: 421 }, true],
    [{ responseCode: 452, response: '452 4.2.2 Mailbox full' }, true],
    [{ responseCode: 550, response: '550 5.1.1 <jane@example.com> no such user' }, false],
    [{ responseCode: 554 }, false],
    [{ responseCode: 503 }, true],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, true],
    [{ code: 'ETIMEDOUT' }, true],
    [{ code: 'EDNS' }, true],
    [{ code: 'EAUTH' }, false],
    [{ code: 'ETLS' }, false],
    [{ code: 'EENVELOPE' }, false],
    [new Error('something unexpected'), true],
    ['a string', true],
  ]
  for (const [error, retryable] of cases)
    assert.equal(classifySmtpError(error).retryable, retryable, JSON.stringify(error))
  const withAddress = classifySmtpError({
    responseCode: 550,
    response: '550 5.1.1 <jane@example.com> no such user',
  })
  assert.equal(withAddress.error, 'SMTP 550 5.1.1')
  const injected = classifySmtpError({ code: 'ESOCKET\r\nforged log line', message: 'Your code is 042917' })
  assert.ok(!injected.error.includes('forged') && !injected.error.includes('042917'))
})
