// The virus-scanner hook: clamd's INSTREAM command over TCP (clamd(8): "zINSTREAM\0", then chunks
// of <u32 big-endian length><data>, a zero-length chunk to finish; the answer is "stream: OK" or
// "stream: <name> FOUND"). The scan runs alongside the upload as a pass-through stage; the stage
// ends only when clamd has answered, so an infected file never reaches its final name. Fail closed:
// no answer (unreachable, timeout, error) refuses the upload with a 503.
import { connect, type Socket } from 'node:net'
import { Transform, type TransformCallback } from 'node:stream'
import { AppError } from '../../../platform/errors.ts'

export interface ClamdAddress {
  host: string
  port: number
}

/** "host:port" or "[v6]:port" (TESSERA_CLAMD). */
export function parseClamdAddress(value: string): ClamdAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value.trim())
  if (!m) throw new Error('expected host:port')
  return { host: m[1] ?? m[2]!, port: Number(m[3]) }
}

export class ScannerUnavailable extends AppError {
  constructor() {
    super(
      'unavailable',
      'The virus scanner is not responding, so uploads are paused. Please try again in a few minutes; the clinic has been told.',
    )
  }
}

export function infected(signature: string): AppError {
  const name = signature.replace(/[^\w.:/-]/g, '').slice(0, 80)
  return new AppError(
    'invalid',
    `The virus scanner found ${name || 'malware'} in this file, so it was not stored.`,
    [{ path: 'file', message: 'infected' }],
  )
}

/** The egress guard (compliance/egress-guard.ts): clamd's host must be allowed before a connection. */
export interface ClamdEgress {
  allowsNow(host: string): boolean
  reportBlocked(host: string, purpose: 'clamd'): void
}

export class ClamdScanner {
  constructor(
    private readonly address: ClamdAddress,
    private readonly timeoutMs = 30_000,
    private readonly egress?: ClamdEgress,
  ) {}

  /** A pass-through stage that streams what flows through it to clamd and waits for the verdict. */
  tap(): Transform {
    if (this.egress && !this.egress.allowsNow(this.address.host)) {
      // Fail closed like an unreachable scanner: the upload is refused, nothing is stored.
      this.egress.reportBlocked(this.address.host, 'clamd')
      return new Transform({
        transform: (_chunk, _encoding, done) => done(new ScannerUnavailable()),
        flush: (done) => done(new ScannerUnavailable()),
      })
    }
    return new ClamdTap(this.address, this.timeoutMs)
  }
}

class ClamdTap extends Transform {
  private readonly socket: Socket
  private reply = ''
  private ended = false
  private onReply: (() => void) | null = null

  constructor(address: ClamdAddress, timeoutMs: number) {
    super()
    this.socket = connect({ host: address.host, port: address.port })
    this.socket.setTimeout(timeoutMs)
    this.socket.write('zINSTREAM\0')
    this.socket.on('data', (d: Buffer) => {
      this.reply += d.toString('latin1')
      if (this.reply.includes('\0')) this.finish()
    })
    this.socket.on('end', () => this.finish())
    this.socket.on('close', () => this.finish())
    this.socket.on('timeout', () => this.fail())
    this.socket.on('error', () => this.fail())
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.ended) return done(this.verdict() ?? new ScannerUnavailable())
    const length = Buffer.alloc(4)
    length.writeUInt32BE(chunk.length)
    this.socket.write(length)
    if (this.socket.write(chunk)) return done(null, chunk)
    this.socket.once('drain', () => done(null, chunk))
  }

  override _flush(done: TransformCallback): void {
    const settle = (): void => {
      const verdict = this.verdict()
      this.socket.destroy()
      done(verdict ?? undefined)
    }
    if (this.ended) return settle()
    this.onReply = settle
    this.socket.write(Buffer.alloc(4))
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    this.socket.destroy()
    done(err)
  }

  /** Null when clean; the refusal otherwise. */
  private verdict(): AppError | null {
    const text = this.reply.replace(/\0.*$/s, '').trim()
    if (/^stream: OK$/.test(text)) return null
    const found = /^stream: (.+) FOUND$/.exec(text)
    if (found) return infected(found[1]!)
    return new ScannerUnavailable()
  }

  private finish(): void {
    if (this.ended) return
    this.ended = true
    const waiting = this.onReply
    this.onReply = null
    if (waiting) waiting()
    // clamd answered before the end of the upload (a size limit, an error): stop now.
    else if (this.verdict()) this.destroy(this.verdict() ?? undefined)
  }

  private fail(): void {
    if (this.ended) return
    this.reply = ''
    this.finish()
  }
}
