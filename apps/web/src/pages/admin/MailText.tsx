/** A mail body as text, with links to this site made clickable (links elsewhere stay plain text). */
export function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g)
  return (
    <p className="mail__body">
      {parts.map((part, index) => {
        if (index % 2 === 0) return part
        let url: URL
        try {
          url = new URL(part)
        } catch {
          return part
        }
        return url.origin === window.location.origin ? (
          <a key={index} href={`${url.pathname}${url.search}${url.hash}`}>
            {part}
          </a>
        ) : (
          part
        )
      })}
    </p>
  )
}
