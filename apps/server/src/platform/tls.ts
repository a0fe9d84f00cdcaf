// TLS material: a configured certificate and key, or a self-signed pair kept in the data directory
// for trying Tessera on a LAN (browsers only allow camera access in a secure context off localhost).
import { createHash, X509Certificate } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import type { Config } from './config.ts'

export interface TlsMaterial {
  key: string
  cert: string
  /** SHA-256 fingerprint, for people to compare in the browser's certificate dialog. */
  fingerprint: string
  selfSigned: boolean
}

function fingerprintOf(cert: string): string {
  const der = new X509Certificate(cert).raw
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? ''
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => Boolean(i) && !i?.internal)
    .map((i) => i.address)
}

async function selfSigned(dataDir: string): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls')
  const keyFile = join(dir, 'self-signed.key')
  const certFile = join(dir, 'self-signed.crt')
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    const altNames = [
      { type: 2 as const, value: 'localhost' },
      { type: 7 as const, ip: '127.0.0.1' },
      ...lanAddresses().map((ip) => ({ type: 7 as const, ip })),
    ]
    const pems = await generate([{ name: 'commonName', value: 'tessera.local' }], {
      keySize: 2048,
      notAfterDate: new Date(Date.now() + 365 * 24 * 60 * 60 * 1000),
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames }],
    })
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await writeFile(keyFile, pems.private, { mode: 0o600 })
    await writeFile(certFile, pems.cert, { mode: 0o644 })
  }
  const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')])
  return { key, cert, fingerprint: fingerprintOf(cert), selfSigned: true }
}

export async function loadTls(config: Config): Promise<TlsMaterial | undefined> {
  if (config.tlsCertFile && config.tlsKeyFile) {
    const [key, cert] = await Promise.all([
      readFile(config.tlsKeyFile, 'utf8'),
      readFile(config.tlsCertFile, 'utf8'),
    ])
    return { key, cert, fingerprint: fingerprintOf(cert), selfSigned: false }
  }
  if (config.tlsSelfSigned) return selfSigned(config.dataDir)
  return undefined
}
