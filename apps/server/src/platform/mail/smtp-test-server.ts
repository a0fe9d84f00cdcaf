// Test support for the SMTP transport: a real SMTP server (smtp-server) on 127.0.0.1, port 0, that
// records what it receives or refuses on demand, and a small parser for what it received (nodemailer's
// mailparser is not a dependency; headers and a text/plain body are all these tests need).
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { SmtpConfig } from './smtp-transport.ts'

export interface Received {
  mailFrom: string
  rcptTo: string[]
  raw: string
}

export interface Behaviour {
  /** SMTP reply code to refuse a recipient with, or null to accept it. */
  rcpt?: (address: string) => number | null
  /** SMTP reply code to refuse the message with after DATA. */
  data?: number
  auth?: { user: string; pass: string }
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode })
}

export async function startSmtp(behaviour: Behaviour = {}) {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: behaviour.auth === undefined,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === behaviour.auth?.user && auth.password === behaviour.auth?.pass
      if (ok) callback(null, { user: auth.username })
      else callback(smtpError('Invalid credentials', 535))
    },
    onRcptTo(address, _session, callback) {
      const code = behaviour.rcpt?.(address.address) ?? null
      callback(code === null ? null : smtpError(`<${address.address}> mailbox unavailable`, code))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        // A server that quotes the message back in its refusal: the transport must not repeat it.
        if (behaviour.data !== undefined)
          return callback(smtpError(`rejected: ${raw.slice(-200)}`, behaviour.data))
        const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address
        received.push({ mailFrom, rcptTo: session.envelope.rcptTo.map((r) => r.address), raw })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

export function testSmtpConfig(port: number, extra: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    starttls: 'off', // the test server has no certificate; production defaults to 'required'
    from: 'noreply@clinic.example',
    fromName: 'Riverside Health',
    timeouts: { connectMs: 2000, greetingMs: 2000, socketMs: 5000 },
    ...extra,
  }
}

/** Header map (names lowercased, folded lines joined) and the decoded text body. */
export function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n')
  assert.ok(split > 0, 'message has a header block')
  const headers = new Map<string, string>()
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  let body = raw.slice(split + 4)
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase()
  if (encoding === 'quoted-printable') {
    // RFC 2045 6.7: "=" at a line end is a soft break; =XX is a byte of the UTF-8 text.
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    body = Buffer.from(bytes, 'latin1').toString('utf8')
  } else if (encoding === 'base64') {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  }
  return { headers, body: body.replace(/\r\n/g, '\n') }
}
