import { Fragment } from 'react'
import { parseConsentBody, type Inline } from './consent-body.ts'

export interface ConsentBodyProps {
  body: string
  /** The level of the text's own headings (`## `), below the heading that introduces the text. */
  headingLevel?: 3 | 4
}

function Line({ parts }: { parts: Inline[] }) {
  return <>{parts.map((part, i) => (part.strong ? <strong key={i}>{part.text}</strong> : part.text))}</>
}

/** A consent text, rendered from its plain-text format as text nodes only (no HTML injection). */
export function ConsentBody({ body, headingLevel = 3 }: ConsentBodyProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  return (
    <div className="consent-body">
      {parseConsentBody(body).map((block, i) => {
        switch (block.kind) {
          case 'heading':
            return (
              <Heading key={i} className="consent-body__heading">
                {block.text}
              </Heading>
            )
          case 'list':
            return (
              <ul key={i}>
                {block.items.map((parts, j) => (
                  <li key={j}>
                    <Line parts={parts} />
                  </li>
                ))}
              </ul>
            )
          case 'paragraph':
            return (
              <p key={i}>
                {block.lines.map((parts, j) => (
                  <Fragment key={j}>
                    {j > 0 ? <br /> : null}
                    <Line parts={parts} />
                  </Fragment>
                ))}
              </p>
            )
        }
      })}
    </div>
  )
}
