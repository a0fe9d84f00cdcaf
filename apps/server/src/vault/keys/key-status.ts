// `tessera keys status`: master versions, where patient keys stand, an unfinished rotation, and
// erasures that backups can still undo until the master versions of their time are destroyed.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../platform/db/schema.ts'
import type { MasterKeyProvider } from './master-key-provider.ts'

export interface VaultKeyStatus {
  versions: Array<{
    version: number
    state: 'pending' | 'active' | 'retired'
    createdAt: Date
    destroyed: boolean
    patientKeys: number
    where: string
  }>
  current: number | null
  patientKeys: { live: number; erased: number }
  /** Live patient keys still wrapped by a version older than the current one. */
  toRewrap: number
  /** Erased patient keys a backup could still recover: a master version that existed at their
   * erasure is not destroyed yet. */
  erasedRecoverableFromBackups: number
}

export async function vaultKeyStatus(
  db: Kysely<Database>,
  master: MasterKeyProvider,
): Promise<VaultKeyStatus> {
  const versions = await db
    .selectFrom('vault_master_key as m')
    .select(['m.version', 'm.state', 'm.created_at', 'm.destroyed_at'])
    .select((eb) =>
      eb
        .selectFrom('vault_patient_key as p')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('p.master_version', '=', 'm.version')
        .as('keys'),
    )
    .orderBy('m.version')
    .execute()
  const counts = await db
    .selectFrom('vault_patient_key')
    .select([
      sql<string>`count(*) filter (where erased_at is null)`.as('live'),
      sql<string>`count(*) filter (where erased_at is not null)`.as('erased'),
      sql<string>`count(*) filter (where created_at < erased_at and exists (
        select 1 from vault_master_key m where m.created_at <= vault_patient_key.erased_at
        and m.destroyed_at is null))`.as('recoverable'),
    ])
    .executeTakeFirstOrThrow()
  const active = versions.filter((v) => v.state === 'active')
  const current = active.length ? Math.max(...active.map((v) => v.version)) : null
  return {
    versions: versions.map((v) => ({
      version: v.version,
      state: v.state,
      createdAt: v.created_at,
      destroyed: v.destroyed_at !== null,
      patientKeys: Number(v.keys ?? 0),
      where: master.describe(v.version),
    })),
    current,
    patientKeys: { live: Number(counts.live), erased: Number(counts.erased) },
    toRewrap: versions
      .filter((v) => current !== null && v.version < current)
      .reduce((n, v) => n + Number(v.keys ?? 0), 0),
    erasedRecoverableFromBackups: Number(counts.recoverable),
  }
}

export function formatVaultKeyStatus(s: VaultKeyStatus): string[] {
  const lines = ['master key versions:']
  if (!s.versions.length) lines.push('  none yet (made on first use)')
  for (const v of s.versions) {
    const state = v.version === s.current ? 'current' : v.destroyed ? 'retired, destroyed' : v.state
    lines.push(
      `  v${v.version}  ${state.padEnd(18)} ${String(v.patientKeys).padStart(7)} patient keys  ` +
        `created ${v.createdAt.toISOString()}  (${v.destroyed ? 'no key material' : v.where})`,
    )
  }
  lines.push(`patient keys: ${s.patientKeys.live} live, ${s.patientKeys.erased} erased`)
  lines.push(
    s.toRewrap
      ? `rotation in progress: ${s.toRewrap} patient key(s) still under an older version; run \`tessera keys rotate\` to finish`
      : 'rotation: none in progress',
  )
  const undestroyed = s.versions.filter((v) => v.version !== s.current && !v.destroyed)
  if (undestroyed.length) {
    lines.push(
      `older versions not destroyed: ${undestroyed.map((v) => `v${v.version}`).join(', ')} ` +
        '(`tessera keys rotate --retire` destroys them once nothing uses them)',
    )
  }
  if (s.erasedRecoverableFromBackups) {
    lines.push(
      `${s.erasedRecoverableFromBackups} erased patient key(s) still recoverable from backups made before ` +
        'their erasure, until `tessera keys rotate --retire` destroys the master versions of that time',
    )
  }
  return lines
}
