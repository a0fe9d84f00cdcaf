import type { AvailabilityRule } from '@tessera/contracts'

/** A rule being edited; the key survives removals so React keeps each row's inputs. */
export interface DraftRule extends AvailabilityRule {
  key: string
}

const newKey = (): string => crypto.randomUUID()

export function draftRules(rules: readonly AvailabilityRule[]): DraftRule[] {
  return rules.map((rule) => ({ ...rule, key: newKey() }))
}

export function newRule(weekday: number, after?: AvailabilityRule): DraftRule {
  if (after && after.end < '22:00') {
    const [h = 0, m = 0] = after.end.split(':').map(Number)
    const end = `${String(Math.min(h + 2, 23)).padStart(2, '0')}:${String(m).padStart(2, '0')}`
    return { weekday, start: after.end, end, key: newKey() }
  }
  return { weekday, start: '09:00', end: '17:00', key: newKey() }
}

/** The body order: by weekday, then start. Server paths (`/rules/3/end`) index this order. */
export function orderedRules(rules: readonly DraftRule[]): DraftRule[] {
  return [...rules].sort(
    (a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start) || a.key.localeCompare(b.key),
  )
}

/** Field messages by rule key, from the server's details (`/rules/<index>/<field>`). */
export function ruleErrors(
  ordered: readonly DraftRule[],
  details: readonly { path: string; message: string }[],
): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const detail of details) {
    const match = /^(?:body)?\/?rules\/(\d+)/.exec(detail.path)
    const rule = match ? ordered[Number(match[1])] : undefined
    if (!rule) continue
    const text = detail.message.trim()
    const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`
    out.set(rule.key, [...(out.get(rule.key) ?? []), sentence])
  }
  return out
}

export function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number)
  return h * 60 + m
}
