// File names inside the export ZIP. A document's title is display text that a clinician can set
// through the FHIR API, so it is never trusted as a path: folder parts, `.`/`..`, control and bidi
// characters and characters Windows refuses are removed, device names (CON, NUL...) are defused, the
// extension is the document's real type, and names are unique ignoring case (Windows and macOS
// unzip into case-insensitive folders, where a second `Letter.pdf` would overwrite `letter.pdf`).
import type { AcceptedKind } from '../vault/documents/upload/sniff.ts'
import { downloadName } from '../vault/documents/upload/file-name.ts'

/** Longest name, in characters, extension included (well under every file system's 255 bytes). */
export const MAX_NAME_CHARS = 100

// Control characters (C0, C1) and line and paragraph separators become spaces; format characters
// (bidi overrides such as U+202E, zero-width joiners) are removed.
const CONTROL = /[\p{Cc}\u2028\u2029]/gu
const FORMAT = /\p{Cf}/gu
// Refused in Windows file names; `/` and `\` are handled as folder separators before this.
const RESERVED = /[<>:"|?*]/g
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i

function stemAndExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
}

function limit(name: string, max: number): string {
  const chars = [...name]
  if (chars.length <= max) return name
  const [stem, ext] = stemAndExtension(name)
  return `${[...stem]
    .slice(0, Math.max(1, max - [...ext].length))
    .join('')
    .trimEnd()}${ext}`
}

/** One document's name: a single safe path segment, with the extension of what the file really is. */
export function safeDocumentName(title: string, kind: AcceptedKind): string {
  const parts = title
    .normalize('NFC')
    .replace(CONTROL, ' ')
    .replace(FORMAT, '')
    .split(/[/\\]/)
    .map((part) => part.replace(RESERVED, '_').replace(/\s+/g, ' ').trim())
    .filter((part) => part !== '' && part !== '.' && part !== '..')
  let name = parts
    .join('_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (name === '') name = 'Document'
  name = downloadName(name, kind)
  const [stem, ext] = stemAndExtension(name)
  if (DEVICE.test(stem.trim())) name = `_${stem}${ext}`
  return limit(name, MAX_NAME_CHARS)
}

/** Hands out names, adding " (2)", " (3)"... before the extension when one is already taken. */
export class UniqueNames {
  private readonly taken = new Set<string>()

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase()
  }

  claim(name: string): string {
    let candidate = name
    for (let n = 2; this.taken.has(UniqueNames.key(candidate)); n++) {
      const [stem, ext] = stemAndExtension(name)
      const suffix = ` (${n})${ext}`
      candidate = `${[...stem]
        .slice(0, MAX_NAME_CHARS - [...suffix].length)
        .join('')
        .trimEnd()}${suffix}`
    }
    this.taken.add(UniqueNames.key(candidate))
    return candidate
  }
}
