// A file's name is display text only (S35): it never becomes a path, never decides the type, and
// is cleaned before anyone sees it. Names that try to be a path outside, or a program, are refused.
import { EXTENSION, type AcceptedKind } from './sniff.ts'
import { refusedInput } from './refusal.ts'

export const MAX_TITLE_LENGTH = 120

/** Extensions of programs, scripts, pages and archives: a name ending in one is refused, whatever the content. */
const DANGEROUS_EXTENSIONS = new Set(
  (
    'exe com bat cmd scr pif msi msp msc dll cpl sys drv ocx jar class js jse mjs vbs vbe wsf wsh ws ' +
    'ps1 psm1 psd1 hta html htm xhtml shtml mht mhtml svg svgz xml xsl sh bash zsh csh ksh command ' +
    'app dmg pkg deb rpm apk appx msix ipa lnk url desktop reg inf iso img vhd vhdx docm xlsm pptm ' +
    'dotm xlam zip zipx 7z rar gz tgz bz2 xz zst tar cab arj lz lzh ace php asp aspx jsp py pl rb'
  ).split(' '),
)

// Control characters (C0, C1), format characters (bidi overrides such as U+202E, which can make
// "gpj.exe" read as "exe.jpg", zero-width joiners) and the Unicode line and paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/** The name without any folder part, invisible characters, or leading and trailing dots. */
function cleaned(raw: string | undefined): { title: string; traversal: boolean } {
  const segments = (raw ?? '').normalize('NFC').split(/[/\\]/)
  const traversal = segments.some((s) => s.replace(INVISIBLE, '').trim() === '..')
  const title = (segments.at(-1) ?? '').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim()
  return { title: title.replace(/^[.\s]+/, '').replace(/[.\s]+$/, ''), traversal }
}

/** Refuses path traversal and program-type names, with a message that says what to do. */
export function checkFileName(raw: string | undefined): void {
  const { title, traversal } = cleaned(raw)
  if (traversal) {
    throw refusedInput(
      'file/filename',
      'The file name contains a folder path ("../"). Rename the file without it and upload it again.',
      'path traversal',
    )
  }
  const ext = extensionOf(title)
  if (ext && DANGEROUS_EXTENSIONS.has(ext)) {
    throw refusedInput(
      'file/filename',
      `The file name ends in ".${ext}", a kind of file that cannot be uploaded. Only PDF documents and JPEG, PNG or HEIC photos are accepted.`,
      'program or archive name',
    )
  }
}

/** The title to show for an uploaded file (checked by checkFileName first), shortened keeping the extension. */
export function displayTitle(raw: string | undefined, kind: AcceptedKind): string {
  checkFileName(raw)
  const { title } = cleaned(raw)
  return shorten(title || `Document.${EXTENSION[kind]}`, MAX_TITLE_LENGTH)
}

function extensionOf(name: string): string | null {
  const m = /\.([^.\s]{1,10})$/.exec(name)
  return m ? m[1]!.toLowerCase() : null
}

function shorten(title: string, max: number): string {
  const chars = [...title]
  if (chars.length <= max) return title
  const ext = extensionOf(title)
  const suffix = ext ? `.${ext}` : ''
  const stem = chars
    .slice(0, max - suffix.length - 1)
    .join('')
    .trimEnd()
  return `${stem}…${suffix}`
}

/** The name a download is saved under: the title with the extension of what the file really is. */
export function downloadName(title: string, kind: AcceptedKind): string {
  const want = EXTENSION[kind]
  const ext = extensionOf(title)
  const same = ext === want || (kind === 'jpeg' && ext === 'jpeg') || (kind === 'heic' && ext === 'heif')
  if (same) return title
  const known = ext && ['pdf', 'jpg', 'jpeg', 'png', 'heic', 'heif'].includes(ext)
  return known ? `${title.slice(0, -(ext.length + 1))}.${want}` : `${title}.${want}`
}

/** RFC 6266 Content-Disposition: attachment, with an ASCII fallback and the UTF-8 name (RFC 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
