// Records the SQL text of every query node-postgres sends from this process (Kysely's PostgresDialect
// and plain `pg` both end in Client#query), so P4 can check that its raw baseline runs the very
// statements Tessera runs. Bench-only: installed around a probe, removed afterwards.
import pg from 'pg'

export interface SqlRecorder {
  /** The statements recorded since the last take(), in order; clears the list. */
  take(): string[]
  restore(): void
}

export function recordPgQueries(): SqlRecorder {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = proto.query
  let seen: string[] = []
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    const first = args[0]
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text
    if (typeof text === 'string') seen.push(text)
    return original.apply(this, args)
  }
  return {
    take() {
      const out = seen
      seen = []
      return out
    },
    restore() {
      proto.query = original
    },
  }
}

/**
 * One line per statement, comparable across generators: whitespace collapsed, and the tuples of a
 * multi-row VALUES list (search index rows, a batch of audit events) folded into one, since their
 * number depends on the data.
 */
export function normaliseSql(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\((\$\d+(?:, \$\d+)*)\)(?:, \(\$\d+(?:, \$\d+)*\))+/g, (_m, first: string) => `(${first})`)
    .replace(/\$\d+/g, '$?')
}
