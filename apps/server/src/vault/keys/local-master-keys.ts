// The built-in master key provider: one 32-byte key per version in <data>/keys/master.v<N>.key
// (mode 0600, base64), or, where the operator supplies the server master key themselves
// (TESSERA_MASTER_KEY / TESSERA_MASTER_KEY_FILE), version 1 derived from it by HKDF so every
// instance sharing that key agrees on version 1 with no extra file. vault/README.md has the rules.
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { link, mkdir, open, readFile, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { SecretBox } from '../../platform/secret-box.ts'
import { associatedData, open as openAead, seal } from '../crypto/aead.ts'
import { VaultIntegrityError } from '../crypto/errors.ts'
import { VaultKeyUnavailable } from './errors.ts'
import type { DestroyResult, MasterKeyProvider } from './master-key-provider.ts'

const FILE = /^master\.v([1-9]\d{0,8})\.key$/
const DERIVED_PURPOSE = 'vault/master/v1'

export interface LocalMasterKeysOptions {
  /** The key directory; null keeps versions in memory only (tests). */
  dir: string | null
  /** Version 1, when there is no master.v1.key, is derived from this box's key. Without it, a
   * fresh installation writes a random master.v1.key on first use (destroyable on retirement). */
  base?: SecretBox | undefined
}

export class LocalMasterKeys implements MasterKeyProvider {
  private readonly keys = new Map<number, Buffer>()

  constructor(private readonly options: LocalMasterKeysOptions) {}

  /** Versions held in memory only, version 1 derived from `base` (the default in tests). */
  static derived(base: SecretBox): LocalMasterKeys {
    return new LocalMasterKeys({ dir: null, base })
  }

  async currentVersion(): Promise<number> {
    const versions = await this.fileVersions()
    for (const v of this.keys.keys()) versions.push(v)
    if (versions.length) return Math.max(...versions)
    if (this.options.base) return 1
    await this.createVersion(1)
    return 1
  }

  async wrap(version: number, key: Buffer, aad: Buffer): Promise<string> {
    return seal(await this.key(version), key, this.bind(version, aad)).toString('base64url')
  }

  async unwrap(version: number, wrapped: string, aad: Buffer): Promise<Buffer> {
    const key = await this.key(version)
    const plain = openAead(key, Buffer.from(wrapped, 'base64url'), this.bind(version, aad))
    if (plain.length !== 32) throw new VaultIntegrityError()
    return plain
  }

  async checkValue(version: number): Promise<string> {
    const mac = createHmac('sha256', await this.key(version)).update('tessera/vault/master-check/v1')
    return mac.digest('base64url').slice(0, 22)
  }

  async createVersion(version: number): Promise<void> {
    if (this.keys.has(version)) return
    const dir = this.options.dir
    if (!dir) {
      this.keys.set(version, randomBytes(32))
      return
    }
    await writeNewKeyFile(dir, this.path(version))
  }

  async destroyVersion(version: number): Promise<DestroyResult> {
    this.keys.get(version)?.fill(0)
    this.keys.delete(version)
    const path = this.options.dir ? this.path(version) : null
    if (path) {
      try {
        await unlink(path)
        await syncDir(this.options.dir as string)
        return 'destroyed'
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
    }
    return version === 1 && this.options.base ? 'kept' : path ? 'absent' : 'destroyed'
  }

  describe(version: number): string {
    const path = this.options.dir ? this.path(version) : null
    if (path && (version !== 1 || !this.options.base || existsSync(path))) return path
    return version === 1 && this.options.base ? 'derived from the server master key' : 'in memory'
  }

  private path(version: number): string {
    return join(this.options.dir as string, `master.v${version}.key`)
  }

  private bind(version: number, aad: Buffer): Buffer {
    return Buffer.concat([associatedData('tessera/vault/master-wrap/v1', version), aad])
  }

  private async key(version: number): Promise<Buffer> {
    const held = this.keys.get(version)
    if (held) return held
    let key: Buffer | undefined
    if (this.options.dir) key = await readKeyFile(this.path(version))
    if (!key && version === 1 && this.options.base) key = this.options.base.deriveKey(DERIVED_PURPOSE)
    if (!key) {
      throw new VaultKeyUnavailable(
        `master key version ${version} is not available (${this.describe(version)})`,
      )
    }
    this.keys.set(version, key)
    return key
  }

  private async fileVersions(): Promise<number[]> {
    if (!this.options.dir) return []
    try {
      const names = await readdir(this.options.dir)
      return names
        .map((n) => FILE.exec(n)?.[1])
        .filter((v) => v !== undefined)
        .map(Number)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
  }
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const key = Buffer.from(text.trim(), 'base64')
  if (key.length !== 32) throw new VaultKeyUnavailable(`${path} does not hold a 32-byte key (base64)`)
  return key
}

/** Writes a random key to `path` unless it exists: temp file (0600), fsync, hard link (never
 * overwrites), fsync of the directory, so a crash leaves either no key file or a whole one. */
async function writeNewKeyFile(dir: string, path: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const file = await open(tmp, 'wx', 0o600)
  try {
    await file.writeFile(`${randomBytes(32).toString('base64')}\n`)
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    await link(tmp, path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    await unlink(tmp)
  }
  await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
