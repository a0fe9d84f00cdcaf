// Loader for the shared RFC 9605 vectors (../vectors/sframe-rfc9605.json beside the repo), used by
// tests only. KID and CTR go up to 2^64 - 1, beyond what JSON.parse keeps exactly, so those fields
// are rewritten as strings before parsing.

import { readFileSync } from 'node:fs'

export interface HeaderVector {
  kid: bigint
  ctr: bigint
  encoded: string
}
export interface AeadVector {
  cipher_suite: number
  key: string
  enc_key: string
  auth_key: string
  nonce: string
  aad: string
  pt: string
  ct: string
}
export interface SframeVector {
  cipher_suite: number
  kid: bigint
  ctr: bigint
  base_key: string
  sframe_key_label: string
  sframe_salt_label: string
  sframe_secret: string
  sframe_key: string
  sframe_salt: string
  metadata: string
  nonce: string
  aad: string
  pt: string
  ct: string
}
export interface Rfc9605Vectors {
  header: HeaderVector[]
  aes_ctr_hmac: AeadVector[]
  aes_256_ctr_hmac: AeadVector[]
  sframe: SframeVector[]
}

export const VECTORS_URL = new URL('../../../../shared/vectors/sframe-rfc9605.json', import.meta.url)

export function loadRfc9605Vectors(): { vectors: Rfc9605Vectors; entryCount: number } {
  const text = readFileSync(VECTORS_URL, 'utf8').replace(/"(kid|ctr)"\s*:\s*(\d+)/g, '"$1": "$2"')
  const raw = JSON.parse(text) as Record<string, Record<string, unknown>[]>
  let entryCount = 0
  for (const list of Object.values(raw)) entryCount += list.length
  const big = (list: Record<string, unknown>[] | undefined) =>
    (list ?? []).map((v) => ({ ...v, kid: BigInt(v.kid as string), ctr: BigInt(v.ctr as string) }))
  const vectors = {
    header: big(raw.header),
    aes_ctr_hmac: raw.aes_ctr_hmac ?? [],
    aes_256_ctr_hmac: raw.aes_256_ctr_hmac ?? [],
    sframe: big(raw.sframe),
  } as unknown as Rfc9605Vectors
  return { vectors, entryCount }
}
