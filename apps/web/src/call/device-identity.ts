// This browser's device signing key (E2EE.md section 1): a non-extractable Ed25519 key pair kept in
// IndexedDB (structured clone keeps it non-extractable), registered to the account once through
// POST /api/consult/devices. The server lists the account's devices; the one whose public key is
// ours gives the deviceId for `hello`.
import type { ConsultDevice, ConsultDeviceList } from '@tessera/contracts'
import { request } from '../api/client.ts'
import { bytesToBase64 } from './base64.ts'

const DB = 'tessera-consult'
const STORE = 'device-keys'

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { autoIncrement: true })
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(new Error('IndexedDB unavailable'))
  })
}

async function storedPairs(): Promise<CryptoKeyPair[]> {
  const db = await openDb()
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction(STORE, 'readonly').objectStore(STORE).getAll()
      req.onsuccess = () => resolve(req.result as CryptoKeyPair[])
      req.onerror = () => reject(new Error('IndexedDB read failed'))
    })
  } finally {
    db.close()
  }
}

async function storePair(pair: CryptoKeyPair): Promise<void> {
  const db = await openDb()
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite')
      tx.objectStore(STORE).add(pair)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(new Error('IndexedDB write failed'))
    })
  } finally {
    db.close()
  }
}

async function publicKeyOf(pair: CryptoKeyPair): Promise<string> {
  return bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)))
}

export interface LocalDevice {
  deviceId: string
  publicKey: string
  pair: CryptoKeyPair
}

/**
 * Finds this browser's registered device for the signed-in account (or the guest, `base`
 * `/api/guest`), registering one if needed.
 */
export async function localDevice(label: string, base = '/api/consult'): Promise<LocalDevice> {
  const { devices } = await request<ConsultDeviceList>('GET', `${base}/devices`)
  const pairs = await storedPairs()
  for (const pair of pairs) {
    const publicKey = await publicKeyOf(pair)
    const found = devices.find((d) => d.publicKey === publicKey)
    if (found) return { deviceId: found.id, publicKey, pair }
  }
  // None of the stored keys belongs to this account (or none exists): a new key for it.
  const pair: CryptoKeyPair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
  const publicKey = await publicKeyOf(pair)
  const device = await request<ConsultDevice>('POST', `${base}/devices`, { body: { publicKey, label } })
  await storePair(pair)
  return { deviceId: device.id, publicKey, pair }
}
