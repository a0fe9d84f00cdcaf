// The clinic's consent texts: drafts the admin edits, versions they publish. A published version
// is kept forever and never changes (the table's trigger refuses it too); a new version of a kind
// asks every patient who accepted an older one again.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import type {
  AdminConsentTexts,
  ConsentDraftBody,
  ConsentDraftUpdateBody,
  ConsentKind,
  ConsentTextView,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import { CONSENT_KINDS, KIND_POLICY } from './consent-kinds.ts'
import type { ConsentTextTable } from './consent-tables.ts'

export type ConsentTextRow = Selectable<ConsentTextTable>
type Db = Kysely<Database> | Transaction<Database>

export function textView(row: ConsentTextRow): ConsentTextView {
  return {
    id: row.id,
    kind: row.kind,
    version: row.version,
    status: row.status,
    title: row.title,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at?.toISOString() ?? null,
  }
}

function noSuchText(): AppError {
  return new AppError('not-found', 'No such consent text.')
}

function publishedIsFinal(): AppError {
  return new AppError('conflict', 'A published version cannot be changed. Create a new version instead.', [
    { path: 'textId', message: 'published' },
  ])
}

/** Line endings made plain and trailing spaces dropped, so the stored text is what is shown. */
function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
}

export class ConsentTexts {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock }) {}

  /** The newest published version of each kind that has one. */
  async currentTexts(db: Db = this.deps.db): Promise<Map<ConsentKind, ConsentTextRow>> {
    const rows = await db
      .selectFrom('consent_text')
      .selectAll()
      .distinctOn('kind')
      .where('status', '=', 'published')
      .orderBy('kind')
      .orderBy('version', 'desc')
      .execute()
    return new Map(rows.map((r) => [r.kind, r]))
  }

  async published(id: string, db: Db = this.deps.db): Promise<ConsentTextRow> {
    const row = await db
      .selectFrom('consent_text')
      .selectAll()
      .where('id', '=', id)
      .where('status', '=', 'published')
      .executeTakeFirst()
    if (!row) throw noSuchText()
    return row
  }

  async list(): Promise<AdminConsentTexts> {
    const { db } = this.deps
    const rows = await db
      .selectFrom('consent_text as t')
      .leftJoin('account as a', 'a.id', 't.published_by')
      .selectAll('t')
      .select('a.display_name as publisher')
      .orderBy('t.kind')
      .orderBy('t.version', 'desc')
      .execute()
    const accepted = await db
      .selectFrom('consent_decision')
      .select(['text_id', sql<number>`count(distinct patient_id)::int`.as('n')])
      .where('decision', '=', 'given')
      .groupBy('text_id')
      .execute()
    // Whose standing rests on each version now: the latest decision per patient and kind is `given`.
    const inForce = await sql<{ text_id: string; n: number }>`
      select text_id, count(*)::int as n from (
        select distinct on (patient_id, kind) text_id, decision from consent_decision
        order by patient_id, kind, seq desc
      ) latest where decision = 'given' group by text_id`.execute(db)
    const acceptedBy = new Map(accepted.map((r) => [r.text_id, Number(r.n)]))
    const inForceBy = new Map(inForce.rows.map((r) => [r.text_id, Number(r.n)]))
    return {
      kinds: CONSENT_KINDS.map((kind) => ({
        kind,
        label: KIND_POLICY[kind].staffLabel,
        requiredBefore: KIND_POLICY[kind].requiredBefore,
        versions: rows
          .filter((r) => r.kind === kind)
          .map((r) => ({
            text: textView(r),
            publishedBy: r.publisher ?? null,
            acceptedCount: acceptedBy.get(r.id) ?? 0,
            inForceCount: inForceBy.get(r.id) ?? 0,
          })),
      })),
    }
  }

  /** A new draft of `kind`, numbered after the newest version; one draft per kind at a time. */
  async createDraft(actor: Actor, body: ConsentDraftBody): Promise<ConsentTextView> {
    const now = this.deps.clock.now()
    return this.deps.db.transaction().execute(async (tx) => {
      // Serialise drafts of the same kind (two admins at once would otherwise race for the number).
      await sql`select pg_advisory_xact_lock(hashtext(${`consent-text:${body.kind}`}))`.execute(tx)
      const draft = await tx
        .selectFrom('consent_text')
        .select('version')
        .where('kind', '=', body.kind)
        .where('status', '=', 'draft')
        .executeTakeFirst()
      if (draft) {
        throw new AppError(
          'conflict',
          `There is already a draft (version ${draft.version}) of this text. Edit or discard it first.`,
          [{ path: 'body/kind', message: 'draft exists' }],
        )
      }
      const newest = await tx
        .selectFrom('consent_text')
        .select(sql<number>`coalesce(max(version), 0)::int`.as('version'))
        .where('kind', '=', body.kind)
        .executeTakeFirstOrThrow()
      const row = await tx
        .insertInto('consent_text')
        .values({
          id: randomUUID(),
          kind: body.kind,
          version: Number(newest.version) + 1,
          status: 'draft',
          title: tidy(body.title),
          body: tidy(body.body),
          created_by: actor.accountId,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      return textView(row)
    })
  }

  async updateDraft(id: string, body: ConsentDraftUpdateBody): Promise<ConsentTextView> {
    await this.assertDraft(id)
    const row = await this.deps.db
      .updateTable('consent_text')
      .set({ title: tidy(body.title), body: tidy(body.body) })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirst()
    if (!row) throw publishedIsFinal()
    return textView(row)
  }

  async discardDraft(id: string): Promise<void> {
    await this.assertDraft(id)
    await this.deps.db.deleteFrom('consent_text').where('id', '=', id).where('status', '=', 'draft').execute()
  }

  /** Publishes a draft: from now on it is the version patients are asked to accept. */
  async publish(actor: Actor, id: string): Promise<ConsentTextView> {
    await this.assertDraft(id)
    const row = await this.deps.db
      .updateTable('consent_text')
      .set({ status: 'published', published_at: this.deps.clock.now(), published_by: actor.accountId })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .returningAll()
      .executeTakeFirst()
    if (!row) throw publishedIsFinal()
    return textView(row)
  }

  private async assertDraft(id: string): Promise<void> {
    const row = await this.deps.db
      .selectFrom('consent_text')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw noSuchText()
    if (row.status === 'published') throw publishedIsFinal()
  }
}
