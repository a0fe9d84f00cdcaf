import { splitLinks } from './safe-text.ts'

/** A message body as text, with http(s) links that open in a new tab without telling it where from. */
export function MessageText({ text }: { text: string }) {
  return (
    <p className="msg-bubble__text">
      {splitLinks(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  )
}
