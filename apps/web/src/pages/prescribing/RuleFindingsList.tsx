import type { RuleFinding } from '@tessera/contracts'
import { Checkbox } from '../../components/Checkbox.tsx'

export interface RuleFindingsListProps {
  findings: readonly RuleFinding[]
  acknowledged: readonly string[]
  onAcknowledge: (rule: string, yes: boolean) => void
  /** The check is still running for the latest typing. */
  checking: boolean
}

/**
 * What the prescribing rules say about the prescription so far: errors block signing; each warning
 * needs its own acknowledgement. A polite live region, so the findings are read out as they change.
 */
export function RuleFindingsList({ findings, acknowledged, onAcknowledge, checking }: RuleFindingsListProps) {
  const errors = findings.filter((f) => f.severity === 'error')
  const warnings = findings.filter((f) => f.severity === 'warning')
  return (
    <section className="rx-findings" aria-labelledby="rx-findings-title">
      <h3 id="rx-findings-title" className="subsection-title">
        Safety checks
      </h3>
      <div role="status" className="rx-findings__status">
        {checking ? (
          <p className="muted">Checking…</p>
        ) : errors.length === 0 && warnings.length === 0 ? (
          <p className="rx-findings__ok">No problems found.</p>
        ) : null}
        {errors.length > 0 ? (
          <ul className="rx-findings__list" aria-label="Problems that stop signing">
            {errors.map((f) => (
              <li key={f.rule} className="rx-finding rx-finding--error">
                <span className="badge badge--danger">Blocks signing</span> {f.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {warnings.length > 0 ? (
        <ul className="rx-findings__list" aria-label="Warnings to acknowledge">
          {warnings.map((f) => (
            <li key={f.rule} className="rx-finding rx-finding--warning">
              <p>
                <span className="badge badge--warning">Warning</span> {f.message}
              </p>
              <Checkbox
                isSelected={acknowledged.includes(f.rule)}
                onChange={(yes) => onAcknowledge(f.rule, yes)}
              >
                I have read the {f.rule.replace(/-/g, ' ')} warning and still want to prescribe
              </Checkbox>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
