// A message body is plain text. Links are recognised only for http and https, and rendered by React
// as <a> elements with the text as text: no string from a user is ever parsed as HTML.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const URL_LIKE = /\bhttps?:\/\/[^\s<>"']+/gi
// Punctuation that usually ends a sentence rather than a link.
const TRAILING = /[.,;:!?)\]}]+$/

/** Splits `text` into text and safe links (http/https only, checked with the URL parser). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(URL_LIKE)) {
    const raw = match[0]
    const candidate = raw.replace(TRAILING, '')
    const start = match.index
    let href: string | null = null
    try {
      const url = new URL(candidate)
      if (url.protocol === 'http:' || url.protocol === 'https:') href = url.href
    } catch {
      href = null
    }
    if (!href) continue
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: candidate, href })
    last = start + candidate.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}
