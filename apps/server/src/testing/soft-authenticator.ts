// A software passkey for tests only: an ES256 key pair in memory that answers WebAuthn ceremonies
// the way a platform authenticator behind a browser would (W3C WebAuthn L2), with switches to get
// each answer wrong in exactly one way (for the S12 negative tests).
//   authenticatorData (section 6.1): rpIdHash(32) | flags(1) | signCount(4, big-endian)
//                                     [| attestedCredentialData (6.5.1) when AT is set]
//   signature (6.3.3): ECDSA P-256 SHA-256, DER, over authenticatorData || SHA-256(clientDataJSON)
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import type {
  AuthenticationResponse,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  RegistrationResponse,
} from '@tessera/contracts'

/** Authenticator data flags (section 6.1). */
export const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const

export interface CeremonyOverrides {
  /** Challenge written into clientDataJSON (default: the one in the options). */
  challenge?: string
  /** Origin written into clientDataJSON (default: the authenticator's origin). */
  origin?: string
  /** RP ID hashed into authenticatorData (default: the one in the options). */
  rpId?: string
  /** clientDataJSON type (default webauthn.create / webauthn.get). */
  type?: string
  up?: boolean
  uv?: boolean
  /** Signature counter to report (default: the next value, or 0 for a non-counting authenticator). */
  counter?: number
  /** userHandle to return (default: the one stored at registration; null leaves it out). */
  userHandle?: string | null
}

export interface SoftAuthenticatorOptions {
  /** The origin the "browser" is on. */
  origin: string
  /** Whether the authenticator keeps a signature counter (synced passkeys often report 0). */
  counting?: boolean
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32).toString('base64url')
  private readonly privateKey: KeyObject
  private readonly publicKey: KeyObject
  private counter = 0
  private userHandle: string | null = null
  private readonly origin: string
  private readonly counting: boolean

  constructor(options: SoftAuthenticatorOptions) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = pair.privateKey
    this.publicKey = pair.publicKey
    this.origin = options.origin
    this.counting = options.counting ?? true
  }

  /** navigator.credentials.create() with attestation 'none', as PublicKeyCredential.toJSON(). */
  register(options: PasskeyCreationOptions, overrides: CeremonyOverrides = {}): RegistrationResponse {
    this.userHandle = options.user.id
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, overrides)
    const authData = Buffer.concat([
      this.authDataHead(overrides.rpId ?? options.rp.id, FLAG.AT, overrides, 0),
      Buffer.alloc(16), // AAGUID: zeros, as with attestation 'none'
      u16(Buffer.from(this.credentialId, 'base64url').length),
      Buffer.from(this.credentialId, 'base64url'),
      this.coseKey(),
    ])
    // Section 8.7: "none" attestation has an empty statement.
    const attestationObject = cbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
    }
  }

  /** navigator.credentials.get(), as PublicKeyCredential.toJSON(). */
  authenticate(options: PasskeyRequestOptions, overrides: CeremonyOverrides = {}): AuthenticationResponse {
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides)
    const next = this.counting ? this.counter + 1 : 0
    const counter = overrides.counter ?? next
    this.counter = Math.max(this.counter, counter)
    const authData = this.authDataHead(overrides.rpId ?? options.rpId, 0, overrides, counter)
    const signature = sign(
      'sha256',
      Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]),
      this.privateKey,
    )
    const userHandle = overrides.userHandle === undefined ? this.userHandle : overrides.userHandle
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(userHandle ? { userHandle } : {}),
      },
    }
  }

  /** Collected client data (section 5.8.1). */
  private clientData(type: string, challenge: string, o: CeremonyOverrides): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: o.type ?? type,
        challenge: o.challenge ?? challenge,
        origin: o.origin ?? this.origin,
        crossOrigin: false,
      }),
    )
  }

  private authDataHead(rpId: string, extraFlags: number, o: CeremonyOverrides, counter: number): Buffer {
    const flags = (o.up === false ? 0 : FLAG.UP) | (o.uv === false ? 0 : FLAG.UV) | extraFlags
    const count = Buffer.alloc(4)
    count.writeUInt32BE(counter)
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count])
  }

  /** The public key as a COSE_Key (RFC 9052 section 7, RFC 9053 section 7.1.1: EC2, ES256, P-256). */
  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' })
    return cbor(
      new Map<number, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    )
  }
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}

type CborValue = number | string | Buffer | Map<string | number, CborValue>

/** The small part of CBOR (RFC 8949) that attestation objects and COSE keys need. */
function cbor(value: CborValue): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n])
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n])
    if (n < 0x10000) return Buffer.concat([Buffer.from([(major << 5) | 25]), u16(n)])
    const b = Buffer.alloc(5)
    b[0] = (major << 5) | 26
    b.writeUInt32BE(n, 1)
    return b
  }
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([head(3, bytes.length), bytes])
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value])
  const parts: Buffer[] = [head(5, value.size)]
  for (const [k, v] of value) parts.push(cbor(k), cbor(v))
  return Buffer.concat(parts)
}
