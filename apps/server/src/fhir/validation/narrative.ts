// Narrative.div safety: FHIR R4 narrative.html#xhtml (invariants txt-1 and txt-2). Medplum's
// `htmlChecks()` always answers true, so these rules are ours. The div is shown to staff and
// patients by other systems, so anything that could run script is refused: elements outside the
// spec's list (script, iframe, svg, form, ...), attributes outside a known list (every `on...`
// handler), and links or images whose URL scheme is not plainly safe (`javascript:`, even when
// hidden behind character references). A small tag scanner, not a full XML parser: it also refuses
// what it cannot read unambiguously (a stray `<`, CDATA, processing instructions, unbalanced tags).

/** Elements allowed by txt-1 (HTML 4.0 chapters 7-11 and 15, `a`, `img`), as the HL7 validator lists them. */
const ELEMENTS = new Set(
  (
    'p br div h1 h2 h3 h4 h5 h6 a span b em i strong small big tt dfn q var abbr acronym cite blockquote ' +
    'hr address bdo kbd sub sup ul ol li dl dt dd pre table caption colgroup col thead tr tfoot tbody th td ' +
    'code samp img map area'
  ).split(' '),
)
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'col', 'area'])

const ATTRIBUTES = new Set(
  (
    'xmlns xml:lang lang dir title style class id accesskey tabindex href name rel rev hreflang charset type ' +
    'src alt longdesc height width usemap ismap align valign border hspace vspace cellpadding cellspacing ' +
    'summary frame rules colspan rowspan headers scope abbr axis char charoff nowrap bgcolor span start value ' +
    'compact cite datetime shape coords nohref clear size noshade'
  ).split(' '),
)
const URL_ATTRIBUTES = new Set(['href', 'src', 'longdesc', 'usemap', 'cite'])
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel'])
const SAFE_IMAGE_DATA = /^data:image\/(png|gif|jpeg|webp);base64,/
const UNSAFE_STYLE = /expression|javascript:|vbscript:|url\s*\(|@import|behavior|binding|\\/

const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9:]*)((?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y
const ATTRIBUTE = /\s+([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

/** Why the div is refused, in plain words, or undefined when it is acceptable. */
export function narrativeProblem(div: string): string | undefined {
  const start = div.search(/\S/)
  if (start < 0 || !div.startsWith('<div', start)) return 'must be an XHTML <div> element'
  const open: string[] = []
  let text = false
  let at = start
  while (at < div.length) {
    const lt = div.indexOf('<', at)
    const chunk = div.slice(at, lt < 0 ? div.length : lt)
    if (/\S/.test(chunk)) {
      if (open.length === 0) return 'must contain a single <div> element and nothing after it'
      text = true
    }
    if (lt < 0) break
    if (div.startsWith('<!--', lt)) {
      const end = div.indexOf('-->', lt + 4)
      if (end < 0) return 'has an unterminated comment'
      at = end + 3
      continue
    }
    TAG.lastIndex = lt
    const match = TAG.exec(div)
    if (!match) return 'is not well-formed XHTML (a "<" that does not start a tag; write &lt;)'
    const [whole, closing, rawName = '', attributes = '', selfClosing] = match
    const name = rawName.toLowerCase()
    if (!ELEMENTS.has(name)) return `must not contain <${name}> elements (FHIR txt-1)`
    if (open.length === 0 && (closing || name !== 'div') && lt !== start)
      return 'must contain a single <div> element and nothing after it'
    if (closing) {
      if (open.pop() !== name) return `is not well-formed XHTML (unexpected </${name}>)`
    } else {
      const problem = attributeProblem(name, attributes)
      if (problem) return problem
      if (name === 'img') text = true
      if (!selfClosing && !VOID_ELEMENTS.has(name)) open.push(name)
    }
    at = lt + whole.length
  }
  if (open.length > 0) return `is not well-formed XHTML (<${open.at(-1) ?? 'div'}> is never closed)`
  if (!text) return 'must have some non-whitespace content (FHIR txt-2)'
  return undefined
}

function attributeProblem(element: string, attributes: string): string | undefined {
  ATTRIBUTE.lastIndex = 0
  for (let m = ATTRIBUTE.exec(attributes); m; m = ATTRIBUTE.exec(attributes)) {
    const name = (m[1] ?? '').toLowerCase()
    const value = decodeReferences(m[2] ?? m[3] ?? m[4] ?? '')
    if (name.startsWith('on')) return `must not contain event handler attributes such as ${name} (FHIR txt-1)`
    if (!ATTRIBUTES.has(name)) return `must not contain the attribute ${name} on <${element}> (FHIR txt-1)`
    if (URL_ATTRIBUTES.has(name) && !isSafeUrl(value, element === 'img' && name === 'src'))
      return `must not contain ${name} URLs other than http(s), mailto, tel or local links`
    if (name === 'style' && UNSAFE_STYLE.test(value.toLowerCase()))
      return 'must not contain style attributes with URLs, expressions or escapes'
  }
  return undefined
}

function isSafeUrl(raw: string, image: boolean): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a URL's scheme.
  // eslint-disable-next-line no-control-regex
  const url = raw.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()
  const colon = url.indexOf(':')
  const firstDelimiter = url.search(/[/?#]/)
  if (colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon)) return true // relative: no scheme
  if (image && SAFE_IMAGE_DATA.test(url)) return true
  return SAFE_SCHEMES.has(url.slice(0, colon))
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
}

/** Resolves character references as a browser would before it reads a URL; unknown names stay. */
function decodeReferences(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    const lower = ref.toLowerCase()
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10)
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ''
    }
    return NAMED[lower] ?? whole
  })
}
