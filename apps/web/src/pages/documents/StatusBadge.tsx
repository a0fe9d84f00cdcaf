import type { StatusWords } from './document-words.ts'

/** A coloured label; the words carry the meaning, the colour only repeats it. */
export function StatusBadge({ words }: { words: StatusWords }) {
  return <span className={`badge badge--${words.tone}`}>{words.badge}</span>
}
