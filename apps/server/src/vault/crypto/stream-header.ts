// The document stream's header and per-segment nonce and associated data (vault/README.md, "Stream
// format"). The construction is Tink's streaming AEAD ("STREAM", Hoang, Reyhanitabar, Rogaway,
// Vizár 2015): nonce = random prefix || segment counter || last-segment flag, so segments cannot be
// dropped, reordered or the stream cut short without a tag failing.
import { VaultIntegrityError } from './errors.ts'

export const SEGMENT_SIZE = 65536
export const FORMAT_VERSION = 1
export const HEADER_SIZE = 37
export const NONCE_PREFIX_SIZE = 7
const MAGIC = Buffer.from('TVLT', 'latin1')
const MAX_SEGMENTS = 0x1_0000_0000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface StreamHeader {
  formatVersion: number
  keyVersion: number
  documentId: string
  segmentSize: number
}

export function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new TypeError('a vault document id is a UUID')
  return Buffer.from(id.replace(/-/g, ''), 'hex')
}

function uuidText(bytes: Buffer): string {
  const h = bytes.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** magic "TVLT" | version 1 | header length 37 | key version u32 | segment size u32 | document id
 * (16, UUID) | nonce prefix (7). Big-endian. */
export function encodeHeader(h: StreamHeader, noncePrefix: Buffer): Buffer {
  if (!Number.isInteger(h.keyVersion) || h.keyVersion < 0 || h.keyVersion > 0xffff_ffff) {
    throw new TypeError('key version must be a 32-bit unsigned integer')
  }
  const out = Buffer.alloc(HEADER_SIZE)
  MAGIC.copy(out, 0)
  out.writeUInt8(h.formatVersion, 4)
  out.writeUInt8(HEADER_SIZE, 5)
  out.writeUInt32BE(h.keyVersion, 6)
  out.writeUInt32BE(h.segmentSize, 10)
  uuidBytes(h.documentId).copy(out, 14)
  noncePrefix.copy(out, 30, 0, NONCE_PREFIX_SIZE)
  return out
}

/** Reads a stored stream's header (e.g. to learn its key version); throws on anything else. */
export function parseStreamHeader(bytes: Buffer): StreamHeader {
  if (bytes.length < HEADER_SIZE || !bytes.subarray(0, 4).equals(MAGIC)) throw new VaultIntegrityError()
  if (bytes.readUInt8(4) !== FORMAT_VERSION || bytes.readUInt8(5) !== HEADER_SIZE) {
    throw new VaultIntegrityError('unsupported vault stream format')
  }
  return {
    formatVersion: FORMAT_VERSION,
    keyVersion: bytes.readUInt32BE(6),
    segmentSize: bytes.readUInt32BE(10),
    documentId: uuidText(bytes.subarray(14, 30)),
  }
}

/**
 * The nonce and associated data of segment i, in two buffers reused for every segment (the cipher
 * copies both when it starts). AAD = header (binds format, key version, segment size, document id
 * and nonce prefix) | u16 length | patient id (UTF-8) | u32 segment index | u8 last flag.
 */
export class SegmentParams {
  readonly nonce = Buffer.alloc(12)
  readonly aad: Buffer
  private readonly tail: number

  constructor(header: Buffer, patientId: string) {
    const patient = Buffer.from(patientId, 'utf8')
    if (!patient.length || patient.length > 0xffff) throw new TypeError('a patient id is required')
    this.aad = Buffer.alloc(HEADER_SIZE + 2 + patient.length + 5)
    header.copy(this.aad, 0, 0, HEADER_SIZE)
    this.aad.writeUInt16BE(patient.length, HEADER_SIZE)
    patient.copy(this.aad, HEADER_SIZE + 2)
    this.tail = HEADER_SIZE + 2 + patient.length
    header.copy(this.nonce, 0, 30, 30 + NONCE_PREFIX_SIZE)
  }

  set(index: number, last: boolean): void {
    if (index >= MAX_SEGMENTS) throw new VaultIntegrityError('a vault stream has at most 2^32 segments')
    this.nonce.writeUInt32BE(index, NONCE_PREFIX_SIZE)
    this.nonce.writeUInt8(last ? 1 : 0, 11)
    this.aad.writeUInt32BE(index, this.tail)
    this.aad.writeUInt8(last ? 1 : 0, this.tail + 4)
  }
}

/** Stored size of a document of `plaintextSize` bytes: header + one 16-byte tag a segment. */
export function ciphertextSize(plaintextSize: number, segmentSize = SEGMENT_SIZE): number {
  if (!Number.isSafeInteger(plaintextSize) || plaintextSize < 0) throw new RangeError('bad size')
  const segments = Math.max(1, Math.ceil(plaintextSize / segmentSize))
  return HEADER_SIZE + plaintextSize + 16 * segments
}

/** The plaintext size a stored stream of `size` bytes decrypts to; throws if no plaintext fits. */
export function plaintextSize(size: number, segmentSize = SEGMENT_SIZE): number {
  const body = size - HEADER_SIZE
  const segments = Math.ceil(body / (segmentSize + 16))
  const plain = body - 16 * segments
  if (!Number.isSafeInteger(size) || segments < 1 || plain < 0) throw new VaultIntegrityError()
  if (ciphertextSize(plain, segmentSize) !== size) throw new VaultIntegrityError()
  return plain
}
