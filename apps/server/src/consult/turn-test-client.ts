// A minimal TURN client for tests (RFC 8489 STUN, RFC 8656 TURN): Allocate with long-term
// credentials (MESSAGE-INTEGRITY = HMAC-SHA1 keyed with MD5(username:realm:password)) and
// CreatePermission towards a peer address. Enough to prove what coturn accepts and refuses.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createSocket, type Socket } from 'node:dgram'

const MAGIC = 0x2112a442
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorPeerAddress: 0x0012,
  requestedTransport: 0x0019,
} as const

export interface StunReply {
  /** 'success' or the error code (401, 403, 437, 438...). */
  outcome: 'success' | number
  attrs: Map<number, Buffer>
}

function attr(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4
  const head = Buffer.alloc(4)
  head.writeUInt16BE(type, 0)
  head.writeUInt16BE(value.length, 2)
  return Buffer.concat([head, value, Buffer.alloc(pad)])
}

function message(method: number, attrs: Buffer[], integrityKey?: Buffer): Buffer {
  const txid = randomBytes(12)
  const body = Buffer.concat(attrs)
  const header = Buffer.alloc(20)
  header.writeUInt16BE(method, 0)
  header.writeUInt32BE(MAGIC, 4)
  txid.copy(header, 8)
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2)
    return Buffer.concat([header, body])
  }
  // The length covers MESSAGE-INTEGRITY (24 bytes) while the HMAC is computed (RFC 8489 14.5).
  header.writeUInt16BE(body.length + 24, 2)
  const mac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest()
  return Buffer.concat([header, body, attr(ATTR.messageIntegrity, mac)])
}

function parse(buf: Buffer): StunReply {
  const type = buf.readUInt16BE(0)
  const attrs = new Map<number, Buffer>()
  for (let at = 20; at + 4 <= buf.length;) {
    const t = buf.readUInt16BE(at)
    const len = buf.readUInt16BE(at + 2)
    attrs.set(t, buf.subarray(at + 4, at + 4 + len))
    at += 4 + len + ((4 - (len % 4)) % 4)
  }
  const isError = (type & 0x0110) === 0x0110
  const err = attrs.get(ATTR.errorCode)
  return { outcome: isError && err ? (err[2]! & 7) * 100 + err[3]! : 'success', attrs }
}

export function xorPeerAddress(ip: string, port: number): Buffer {
  const v = Buffer.alloc(8)
  v.writeUInt8(0x01, 1)
  v.writeUInt16BE(port ^ (MAGIC >>> 16), 2)
  const n = ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0
  v.writeUInt32BE((n ^ MAGIC) >>> 0, 4)
  return v
}

export class TurnTestClient {
  private readonly socket: Socket = createSocket('udp4')
  private realm: Buffer = Buffer.alloc(0)
  private nonce: Buffer = Buffer.alloc(0)
  private key: Buffer = Buffer.alloc(0)
  private username: Buffer = Buffer.alloc(0)

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  request(msg: Buffer, timeoutMs = 2000): Promise<StunReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage)
        reject(new Error('no TURN answer'))
      }, timeoutMs)
      const onMessage = (buf: Buffer) => {
        clearTimeout(timer)
        this.socket.off('message', onMessage)
        resolve(parse(buf))
      }
      this.socket.on('message', onMessage)
      this.socket.send(msg, this.port, this.host)
    })
  }

  /** A Binding request: is the server up? */
  async ping(): Promise<boolean> {
    try {
      return (await this.request(message(0x0001, []), 300)).outcome === 'success'
    } catch {
      return false
    }
  }

  /** Allocate: first unauthenticated (401 gives realm and nonce), then with the credentials. */
  async allocate(username: string, password: string): Promise<StunReply> {
    const transport = attr(ATTR.requestedTransport, Buffer.from([17, 0, 0, 0]))
    const challenge = await this.request(message(0x0003, [transport]))
    if (challenge.outcome !== 401) return challenge
    this.realm = challenge.attrs.get(ATTR.realm) ?? Buffer.alloc(0)
    this.nonce = challenge.attrs.get(ATTR.nonce) ?? Buffer.alloc(0)
    this.username = Buffer.from(username)
    this.key = createHash('md5').update(`${username}:${this.realm.toString()}:${password}`).digest()
    return this.request(message(0x0003, [transport, ...this.auth()], this.key))
  }

  /** CreatePermission for a peer address on the allocation made by `allocate`. */
  async permit(ip: string, port = 40000): Promise<StunReply> {
    return this.request(
      message(0x0008, [attr(ATTR.xorPeerAddress, xorPeerAddress(ip, port)), ...this.auth()], this.key),
    )
  }

  private auth(): Buffer[] {
    return [attr(ATTR.username, this.username), attr(ATTR.realm, this.realm), attr(ATTR.nonce, this.nonce)]
  }

  close(): void {
    this.socket.close()
  }
}
