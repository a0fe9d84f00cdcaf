// Small free text (note and message bodies, answers) under the patient's key: each value gets its
// own data key, wrapped by the patient key and carried in the value, so a value is self-contained
// and erasing the patient's key makes it unreadable wherever it was copied (backups included once
// the master versions of the time are retired; vault/README.md).
//
//   tessera-sealed:v1:<patient key version>.<wrapped data key>.<body>   (both base64url)
//   wrapped data key = nonce(12) | AES-256-GCM(patient key, data key) | tag(16),
//     AAD = "tessera/vault/data-key/v1", patient id, key version (VaultKeys)
//   body = nonce(12) | AES-256-GCM(data key, UTF-8 text) | tag(16),
//     AAD = "tessera/vault/text/v1", patient id, context
import type { VaultKeys } from '../keys/vault-keys.ts'
import type { Db } from '../keys/master-registry.ts'
import { associatedData, open, seal } from './aead.ts'
import { VaultIntegrityError } from './errors.ts'

export const SEALED_PREFIX = 'tessera-sealed:v1:'
const SEALED = /^tessera-sealed:v1:([1-9]\d{0,8})\.([A-Za-z0-9_-]{80})\.([A-Za-z0-9_-]{38,})$/

/** A data key for sealing several values of one record (one unwrap, one wrapped form). */
export interface TextKey {
  key: Buffer
  /** `dk1.<version>.<base64url>` as VaultKeys issued it. */
  wrapped: string
}

function textAad(patientId: string, context: string): Buffer {
  return associatedData('tessera/vault/text/v1', patientId, context)
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX)
}

export class TextEnvelope {
  constructor(private readonly keys: VaultKeys) {}

  /** Encrypts `text` for `patientId`; `context` (e.g. `Communication/<id>#payload[0].contentString`)
   * must be given again to open it, so a value copied elsewhere does not open. */
  async seal(patientId: string, context: string, text: string, db?: Db): Promise<string> {
    const key = await this.newKey(patientId, db)
    try {
      return this.sealWith(key, patientId, context, text)
    } finally {
      key.key.fill(0)
    }
  }

  /** Throws VaultKeyErased (410) once the patient's key was erased, VaultIntegrityError when the
   * value was altered or belongs to another patient or context. */
  async open(patientId: string, context: string, sealed: string, db?: Db): Promise<string> {
    const m = SEALED.exec(sealed)
    if (!m) throw new VaultIntegrityError()
    const key = await this.keys.openDataKey(patientId, `dk1.${m[1]}.${m[2]}`, db)
    try {
      return open(key, Buffer.from(m[3] as string, 'base64url'), textAad(patientId, context)).toString('utf8')
    } finally {
      key.fill(0)
    }
  }

  /** A data key for several values of one record (the caller zeroes `key` when done). */
  async newKey(patientId: string, db?: Db): Promise<TextKey> {
    const { key, wrapped } = await this.keys.newDataKey(patientId, db)
    return { key, wrapped }
  }

  sealWith(key: TextKey, patientId: string, context: string, text: string): string {
    const body = seal(key.key, Buffer.from(text, 'utf8'), textAad(patientId, context))
    return `${SEALED_PREFIX}${key.wrapped.slice(4)}.${body.toString('base64url')}`
  }
}
