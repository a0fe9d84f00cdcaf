import type { ComplianceCheck } from '@tessera/contracts'

const LABEL: Record<ComplianceCheck['status'], string> = { pass: 'Pass', warn: 'Attention', fail: 'Fail' }

/** One check: its question, a status word (never colour alone), the evidence and what to do. */
export function ComplianceCheckItem({ check }: { check: ComplianceCheck }) {
  return (
    <li className={`compliance-check compliance-${check.status}`} aria-labelledby={`check-${check.id}`}>
      <h3 id={`check-${check.id}`} className="compliance-title">
        <span className="compliance-status">{LABEL[check.status]}</span> {check.title}
      </h3>
      <p>{check.evidence}</p>
      {check.action ? (
        <p>
          <strong>What to do:</strong> {check.action}
        </p>
      ) : null}
    </li>
  )
}
