// Paging links that carry no readable search terms: the parameters of a search (which may name a
// patient) travel sealed (AES-GCM under the server key), bound to the caller and the type, and
// expire. A `next` link copied into a log or a browser history reveals nothing.
import type { SecretBox } from '../platform/secret-box.ts'
import { AppError } from '../platform/errors.ts'
import type { SearchInput } from './search-params.ts'

const CONTEXT = 'fhir-page-link'
export const PAGE_LINK_TTL_MS = 30 * 60_000

interface PageState {
  /** Account the link was made for. */
  a: string
  /** Resource type (or `Type/id` for instance history). */
  t: string
  /** The search parameters, `_offset` included. */
  q: SearchInput
  /** Expiry, ms since epoch. */
  x: number
}

export function sealPage(
  box: SecretBox,
  accountId: string,
  target: string,
  input: SearchInput,
  now: Date,
): string {
  const state: PageState = { a: accountId, t: target, q: input, x: now.getTime() + PAGE_LINK_TTL_MS }
  return box.seal(JSON.stringify(state), CONTEXT)
}

export function openPage(
  box: SecretBox,
  accountId: string,
  target: string,
  token: string,
  now: Date,
): SearchInput {
  let state: PageState
  try {
    state = JSON.parse(box.open(token, CONTEXT)) as PageState
  } catch {
    throw new AppError('invalid', '_page is not a page link this server made', [
      { path: '_page', message: 'invalid' },
    ])
  }
  if (state.a !== accountId || state.t !== target) {
    throw new AppError('invalid', '_page belongs to another search', [
      { path: '_page', message: 'not yours' },
    ])
  }
  if (state.x < now.getTime()) {
    throw new AppError('invalid', '_page link has expired; run the search again', [
      { path: '_page', message: 'expired' },
    ])
  }
  return state.q
}

/** The parameters of a request: a `_page` link replaces everything else. */
export function resolvePage(
  box: SecretBox,
  accountId: string,
  target: string,
  input: SearchInput,
  now: Date,
): SearchInput {
  const page = input['_page']
  if (page === undefined) return input
  if (Array.isArray(page) || Object.keys(input).length !== 1) {
    throw new AppError('invalid', '_page stands alone: it already carries the search', [
      { path: '_page', message: 'combined with other parameters' },
    ])
  }
  return openPage(box, accountId, target, page, now)
}
