import type { IntakeSummary } from '@tessera/contracts'
import { useId } from 'react'
import { formatDateTime } from '../../lib/format-time.ts'
import { ScoreBox } from './ScoreBox.tsx'

export interface IntakeSummaryCardProps {
  summary: IntakeSummary
  /** The care team also sees scores and exclusion flags. */
  audience: 'patient' | 'care-team'
  /** Heading level of the form's title (2 on its own page, 3 under a section heading). */
  level?: 2 | 3
}

/** A submitted form, read-only: each question with its answer, section by section. */
export function IntakeSummaryCard({ summary, audience, level = 3 }: IntakeSummaryCardProps) {
  const id = useId()
  const Title = level === 2 ? 'h2' : 'h3'
  const Section = level === 2 ? 'h3' : 'h4'
  const care = audience === 'care-team'
  return (
    <article className="card intake-summary" aria-labelledby={id}>
      <Title id={id} className="subsection-title intake-summary__title">
        {summary.title}
      </Title>
      <p className="muted intake-summary__meta">
        Version {summary.version}, sent {formatDateTime(summary.submittedAt)}
      </p>
      {care && summary.score ? <ScoreBox score={summary.score} /> : null}
      {care && summary.exclusions.length > 0 ? (
        <div className="intake-flag">
          <p className="intake-flag__title">
            <strong>Exclusion {summary.exclusions.length === 1 ? 'flag' : 'flags'}</strong> (for your
            decision; nothing was refused automatically)
          </p>
          <ul>
            {summary.exclusions.map((flag) => (
              <li key={`${flag.linkId}-${flag.code}`}>{flag.display}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {summary.sections.map((section) => (
        <section key={section.title} className="intake-summary__section">
          <Section className="intake-summary__section-title">{section.title}</Section>
          <dl className="intake-answers">
            {section.rows.map((row, i) => (
              <div
                key={`${row.linkId}-${i}`}
                className={[
                  'intake-answers__row',
                  row.answers.length === 0 ? 'intake-answers__row--heading' : '',
                  row.depth > 0 ? 'intake-answers__row--nested' : '',
                  care && row.flagged ? 'intake-answers__row--flagged' : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <dt>{row.question}</dt>
                <dd>
                  {row.answers.join(', ')}
                  {care && row.flagged ? <span className="intake-badge"> Exclusion flag</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </article>
  )
}
