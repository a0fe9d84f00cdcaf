// Small secrets at rest (TOTP seeds, queued mail that carries a one-time link or code):
// AES-256-GCM under the server's master key, with associated data binding each value to its
// place, so a sealed value copied to another row or column does not open.
// The vault issue replaces the key source with the full key hierarchy; the format is versioned.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

const VERSION = 'sb1'

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError'
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new SecretBoxError('the master key must be 32 bytes')
    return new SecretBox(Buffer.from(key))
  }

  static random(): SecretBox {
    return new SecretBox(randomBytes(32))
  }

  /** Reads the key file, creating it (mode 0600) on first use. */
  static async fromFile(path: string): Promise<SecretBox> {
    if (!existsSync(path)) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 })
      await writeFile(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch(
        (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EEXIST') throw err
        },
      )
    }
    return SecretBox.fromKey(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64'))
  }

  /** A 32-byte key for another purpose, derived from the master key (HKDF-SHA-256, `purpose` as
   * info), so no other module ever holds the master key itself. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `tessera/${purpose}`, 32))
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(`${VERSION}|${context}`))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`
  }

  open(sealed: string, context: string): string {
    const [version, ivText, bodyText] = sealed.split('.')
    if (version !== VERSION || !ivText || !bodyText) throw new SecretBoxError('not a sealed value')
    const body = Buffer.from(bodyText, 'base64url')
    if (body.length < 16) throw new SecretBoxError('not a sealed value')
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(ivText, 'base64url'))
      decipher.setAAD(Buffer.from(`${VERSION}|${context}`))
      decipher.setAuthTag(body.subarray(body.length - 16))
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      )
    } catch {
      throw new SecretBoxError('sealed value does not open here (wrong key, context or tampered)')
    }
  }
}
