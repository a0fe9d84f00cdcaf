// What a file is, from its first bytes only (S35): the name's extension and the declared
// Content-Type are never consulted. Four kinds are accepted; everything else is named in the refusal.
import type { DocumentContentType } from '@tessera/contracts'

export type AcceptedKind = 'pdf' | 'jpeg' | 'png' | 'heic'

export const CONTENT_TYPE: Record<AcceptedKind, DocumentContentType> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
}

export const EXTENSION: Record<AcceptedKind, string> = { pdf: 'pdf', jpeg: 'jpg', png: 'png', heic: 'heic' }

/** Bytes the sniffer wants before deciding (fewer only when the file is shorter). */
export const SNIFF_BYTES = 64

/** ISO-BMFF brands of HEIF still images and image sequences (ISO/IEC 23008-12 Annex B). */
export const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'])

export type Sniffed = { kind: AcceptedKind } | { kind: null; found: string }

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const starts = (head: Buffer, bytes: number[] | string, at = 0): boolean => {
  const want = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)
  return head.length >= at + want.length && head.subarray(at, at + want.length).equals(want)
}

/** Signatures of common refused kinds, so the refusal can say what the file really is. */
const KNOWN: Array<[number[] | string, string]> = [
  ['PK\x03\x04', 'a ZIP archive (or a document stored as one: docx, xlsx, odt)'],
  ['PK\x05\x06', 'an empty ZIP archive'],
  ['PK\x07\x08', 'a ZIP archive'],
  [[0x1f, 0x8b], 'a gzip archive'],
  ['7z\xbc\xaf\x27\x1c', 'a 7-Zip archive'],
  ['Rar!\x1a\x07', 'a RAR archive'],
  ['BZh', 'a bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'an xz archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'a Zstandard archive'],
  ['MZ', 'a Windows program'],
  ['\x7fELF', 'a Linux program'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a program (Mach-O or Java class)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a macOS program'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old Microsoft Office document'],
  ['GIF87a', 'a GIF image'],
  ['GIF89a', 'a GIF image'],
  ['II*\x00', 'a TIFF image'],
  ['MM\x00*', 'a TIFF image'],
  ['BM', 'a BMP image'],
  ['%!PS', 'a PostScript file'],
  ['{\\rtf', 'an RTF document'],
]

export function sniff(head: Buffer): Sniffed {
  if (starts(head, '%PDF-')) return { kind: 'pdf' }
  if (starts(head, [0xff, 0xd8, 0xff])) return { kind: 'jpeg' }
  if (starts(head, [...PNG_SIGNATURE])) return { kind: 'png' }
  if (starts(head, 'ftyp', 4)) return sniffIsoMedia(head)
  if (starts(head, 'RIFF') && starts(head, 'WEBP', 8)) return { kind: null, found: 'a WebP image' }
  for (const [signature, found] of KNOWN) if (starts(head, signature)) return { kind: null, found }
  return { kind: null, found: describeText(head) }
}

/** HEIF if the major brand or a compatible brand is a HEIF image brand (ISO/IEC 14496-12 4.3). */
function sniffIsoMedia(head: Buffer): Sniffed {
  const boxSize = head.readUInt32BE(0)
  const end = Math.min(head.length, boxSize >= 16 ? boxSize : 16)
  const brands: string[] = []
  if (head.length >= 12) brands.push(head.toString('latin1', 8, 12))
  for (let at = 16; at + 4 <= end; at += 4) brands.push(head.toString('latin1', at, at + 4))
  const major = brands[0] ?? ''
  // AVIF is HEIF-based too (it lists mif1), but it is AV1, not HEVC: not a HEIC photo.
  if (brands.includes('avif') || brands.includes('avis')) return { kind: null, found: 'an AVIF image' }
  if (brands.some((b) => HEIF_BRANDS.has(b))) return { kind: 'heic' }
  if (/^(qt {2}|M4V |isom|mp4[12]|3gp\d|avc1|iso\d)$/.test(major)) return { kind: null, found: 'a video' }
  return { kind: null, found: `an ISO media file of brand "${major.replace(/[^\x20-\x7e]/g, '?')}"` }
}

function describeText(head: Buffer): string {
  const text = head.toString('latin1').trimStart().toLowerCase()
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<script'))
    return 'an HTML document'
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'an SVG image'
  if (text.startsWith('<?xml')) return 'an XML document'
  if (text.startsWith('#!')) return 'a script'
  const printable = [...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b !== 0x7f))
  return printable ? 'plain text' : 'unrecognised data'
}
