// The consent texts' plain-text format, read into blocks the page renders as React text nodes
// (never as HTML, so nothing an admin types can become markup): a blank line separates paragraphs,
// `## ` starts a heading, lines starting `- ` or `* ` are a list, `**words**` are strong.

export type Inline = { strong: boolean; text: string }
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'paragraph'; lines: Inline[][] }

const ITEM = /^\s*[-*]\s+/

/** `a **b** c` -> a, strong b, c. An unclosed `**` stays as typed. */
export function inlineParts(line: string): Inline[] {
  const parts: Inline[] = []
  const pattern = /\*\*(.+?)\*\*/g
  let last = 0
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m.index > last) parts.push({ strong: false, text: line.slice(last, m.index) })
    parts.push({ strong: true, text: m[1] ?? '' })
    last = m.index + m[0].length
  }
  if (last < line.length) parts.push({ strong: false, text: line.slice(last) })
  return parts
}

export function parseConsentBody(body: string): Block[] {
  const blocks: Block[] = []
  let lines: string[] = []
  const flush = (): void => {
    if (lines.length === 0) return
    if (lines.every((l) => ITEM.test(l))) {
      blocks.push({ kind: 'list', items: lines.map((l) => inlineParts(l.replace(ITEM, ''))) })
    } else {
      blocks.push({ kind: 'paragraph', lines: lines.map(inlineParts) })
    }
    lines = []
  }
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd()
    if (line.trim() === '') {
      flush()
    } else if (line.startsWith('## ')) {
      flush()
      blocks.push({ kind: 'heading', text: line.slice(3).trim() })
    } else {
      // A list that starts right under a paragraph line is still a list.
      if (lines.length > 0 && ITEM.test(line) !== ITEM.test(lines[lines.length - 1] ?? '')) flush()
      lines.push(line)
    }
  }
  flush()
  return blocks
}
