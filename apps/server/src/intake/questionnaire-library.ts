// The clinic's intake forms: FHIR Questionnaire resources in the record, one resource per version
// (same url, new version -> a new resource; old versions stay readable, and responses stay bound to
// `url|version`). Import runs the form engine's checks and the store's R4 validation together, so
// the admin gets every problem at once, each with its path.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes'
import type { QuestionnaireVersionView } from '@tessera/contracts'
import { validateQuestionnaire } from '@tessera/questionnaire'
import type { Actor } from '../access/actor.ts'
import type { FhirService } from '../fhir/fhir-service.ts'
import type { StoredVersion } from '../fhir/fhir-store.ts'
import { parseSearch, type SearchInput } from '../fhir/search-params.ts'
import { validateResource } from '../fhir/validate.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError, type ErrorDetail } from '../platform/errors.ts'

type Db = Kysely<Database> | Transaction<Database>

export interface StoredQuestionnaire {
  id: string
  questionnaire: Questionnaire
  importedAt: Date
}

/** More problems than this are cut (the client cannot act on hundreds at once anyway). */
const MAX_DETAILS = 100
const MAX_FORMS = 100

/** `url|version` → its two parts (a version may not contain `|`, a url may not either). */
export function splitCanonical(canonical: string): { url: string; version: string } {
  const at = canonical.indexOf('|')
  return at < 0
    ? { url: canonical, version: '' }
    : { url: canonical.slice(0, at), version: canonical.slice(at + 1) }
}

function countQuestions(items: readonly QuestionnaireItem[] | undefined): number {
  return (items ?? []).reduce(
    (n, item) => n + (item.type === 'group' || item.type === 'display' ? 0 : 1) + countQuestions(item.item),
    0,
  )
}

export function versionView(stored: StoredQuestionnaire): QuestionnaireVersionView {
  const q = stored.questionnaire
  return {
    id: stored.id,
    url: q.url ?? '',
    version: q.version ?? '',
    title: q.title ?? q.name ?? q.url ?? '',
    status: q.status,
    importedAt: stored.importedAt.toISOString(),
    questions: countQuestions(q.item),
  }
}

/** Every problem of an import: the form engine's rules and the R4 structure, each with its path. */
export function importProblems(body: unknown): ErrorDetail[] {
  const found: ErrorDetail[] = []
  const engine = validateQuestionnaire(body)
  if (!engine.ok) found.push(...engine.errors)
  try {
    validateResource(body, 'Questionnaire')
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    // One path style for both: `item[3].type`, as the form engine writes it.
    found.push(...err.details.map((d) => ({ ...d, path: d.path.replace(/^Questionnaire\./, '') })))
  }
  const seen = new Set<string>()
  return found
    .filter((d) => {
      const key = `${d.path}\n${d.message}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
    .slice(0, MAX_DETAILS)
}

export class QuestionnaireLibrary {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly fhir: FhirService,
  ) {}

  /** Adds a version. 400 listing every problem by path; 409 when this url|version exists already. */
  async import(actor: Actor, body: unknown): Promise<StoredQuestionnaire> {
    const problems = importProblems(body)
    if (problems.length > 0) {
      const count = problems.length === 1 ? 'one problem' : `${problems.length} problems`
      throw new AppError(
        'invalid',
        `This questionnaire cannot be imported: ${count}, each listed with its path.`,
        problems,
      )
    }
    const q = body as Questionnaire
    const url = q.url ?? ''
    return this.db.transaction().execute(async (tx) => {
      // One import per url at a time, so two imports of the same version cannot both pass the check.
      await sql`select pg_advisory_xact_lock(hashtext(${`intake-questionnaire:${url}`}))`.execute(tx)
      const existing = await this.versions(actor, url, tx)
      if (existing.some((v) => v.questionnaire.version === q.version))
        throw new AppError(
          'conflict',
          'This version of the form was imported already. Versions are kept: give the changed form a new version.',
          [{ path: 'version', message: 'already imported for this url' }],
        )
      const { id: _id, meta: _meta, ...resource } = q
      const stored = await this.fhir.store.create(actor, 'Questionnaire', resource, tx)
      return toStored(stored)
    })
  }

  /** Every version of one form, newest first. */
  async versions(actor: Actor, url: string, db: Db = this.db): Promise<StoredQuestionnaire[]> {
    return (await this.search(actor, { url, _count: String(MAX_FORMS) }, db)).filter(
      (q) => q.questionnaire.url === url,
    )
  }

  /** Every form the clinic has (up to 100 versions in all), newest first. */
  async all(actor: Actor): Promise<StoredQuestionnaire[]> {
    return this.search(actor, { _count: String(MAX_FORMS) })
  }

  /** The version new responses start: the newest active one. */
  async latestActive(actor: Actor, url: string, db: Db = this.db): Promise<StoredQuestionnaire | undefined> {
    return (await this.versions(actor, url, db)).find((v) => v.questionnaire.status === 'active')
  }

  /** The version a response names (`url|version`), or undefined. */
  async byCanonical(
    actor: Actor,
    canonical: string,
    db: Db = this.db,
  ): Promise<StoredQuestionnaire | undefined> {
    const { url, version } = splitCanonical(canonical)
    return (await this.versions(actor, url, db)).find((v) => v.questionnaire.version === version)
  }

  async read(actor: Actor, id: string): Promise<StoredQuestionnaire> {
    return toStored(await this.fhir.store.read(actor, 'Questionnaire', id))
  }

  private async search(actor: Actor, input: SearchInput, db: Db = this.db): Promise<StoredQuestionnaire[]> {
    const plan = parseSearch('Questionnaire', input, '')
    const found = await this.fhir.search.search(actor, plan, db)
    return found.matches.map(toStored)
  }
}

function toStored(version: StoredVersion): StoredQuestionnaire {
  return {
    id: version.id,
    questionnaire: JSON.parse(version.json ?? '{}') as Questionnaire,
    importedAt: version.lastUpdated,
  }
}
