// Password acceptance rules, SECURITY.md S9 and NIST SP 800-63B section 5.1.1.2 (memorised secrets):
// a minimum length, a generous maximum with no truncation, no composition rules, and a check against
// a list of commonly used / breached passwords. The list ships with the app (JOURNEYS.md patient
// step 1: "breached-password check done locally") so a password never leaves the server.
//
// Length is counted in Unicode code points after NFC normalisation (800-63B: "each Unicode code point
// SHALL be counted as a single character"; normalisation is applied so that the same password typed
// on two keyboards, composed or decomposed, is the same password). `hashPassword` applies the same
// normalisation, so what is checked here is exactly what is hashed.

/** S9: at least 12 characters. */
export const PASSWORD_MIN_LENGTH = 12
/** S9: up to 128 accepted, never truncated. */
export const PASSWORD_MAX_LENGTH = 128

/**
 * Inputs longer than this many UTF-16 units are refused before normalising, so a megabyte "password"
 * costs nothing. NFC composes at most a handful of code points into one (4 for the longest Greek
 * sequences, each at most 2 UTF-16 units), so nothing this long can come back under 128 code points.
 */
const RAW_LENGTH_GUARD = PASSWORD_MAX_LENGTH * 32

/**
 * Local parts shorter than this are not searched for inside the password: a password that happens to
 * contain "jo" gives an attacker who knows the address "jo@..." nothing worth rejecting it for.
 */
const MIN_EMAIL_PART_LENGTH = 3

/** Repeating units up to this length ("aaaa...", "abab...", "abcabc...") count as predictable. */
const MAX_REPEAT_UNIT = 4

export type PasswordRejection = 'too-short' | 'too-long' | 'common' | 'contains-email'

export type PasswordCheckResult = { ok: true } | { ok: false; reason: PasswordRejection; message: string }

/** Shown to the user as is; none of them echo the password. */
export const PASSWORD_REJECTION_MESSAGES: Readonly<Record<PasswordRejection, string>> = {
  'too-short': `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a long password that is easy to remember.`,
  'too-long': `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  common:
    'This password is too common or too predictable: it appears in lists that attackers try first. Choose a different one.',
  'contains-email': 'Do not use your email address, or the part before the @, in your password.',
}

export interface PasswordContext {
  /** The account's email address; its local part may not appear in the password. */
  email?: string
}

export interface PasswordPolicy {
  check(password: string, context?: PasswordContext): Promise<PasswordCheckResult>
}

export interface PasswordPolicyOptions {
  /**
   * Where the common-password list comes from; by default the ranked list shipped in
   * @zxcvbn-ts/language-common. Called at most once per policy, on the first check.
   */
  loadCommonList?: () => Promise<readonly string[]>
}

/** The same normalisation the hash uses (NFC). */
export function normalisePassword(password: string): string {
  return password.normalize('NFC')
}

/** Length as the user sees it: Unicode code points, so an emoji or an accented letter counts once. */
export function countCodePoints(text: string): number {
  let count = 0
  for (const _ of text) count += 1
  return count
}

/**
 * The common-password list: @zxcvbn-ts/language-common's "passwords-common" dictionary, ranked most
 * common first (compiled from breach corpora). All of it is used (about 49,000 entries, well over the
 * 10,000 S9 asks for). Imported dynamically so the decompression cost is paid on the first password
 * check rather than at server start-up.
 */
export async function loadCommonPasswords(): Promise<readonly string[]> {
  const { dictionary } = await import('@zxcvbn-ts/language-common')
  return dictionary['passwords-common']
}

function rejection(reason: PasswordRejection): PasswordCheckResult {
  return { ok: false, reason, message: PASSWORD_REJECTION_MESSAGES[reason] }
}

/** Case-folded form used for every comparison, so "PassWord1234" matches "password1234". */
function fold(text: string): string {
  return normalisePassword(text).toLowerCase()
}

/**
 * 800-63B 5.1.1.2 lists "repetitive or sequential characters (e.g. 'aaaaaa', '1234abcd')" among the
 * values to refuse; such passwords are reported as `common` because that is how an attacker treats them.
 */
function isRepetitiveOrSequential(folded: string): boolean {
  const cps = Array.from(folded, (ch) => ch.codePointAt(0) ?? 0)
  for (let unit = 1; unit <= MAX_REPEAT_UNIT; unit += 1) {
    if (cps.every((cp, i) => i < unit || cp === cps[i - unit])) return true
  }
  for (const step of [1, -1]) {
    if (cps.every((cp, i) => i === 0 || cp - (cps[i - 1] ?? 0) === step)) return true
  }
  return false
}

/** The local part of the address, and the same without a "+tag", folded; short parts are dropped. */
function emailParts(email: string): string[] {
  const at = email.lastIndexOf('@')
  const local = fold(at === -1 ? email : email.slice(0, at)).trim()
  const parts = new Set([local, local.split('+')[0] ?? ''])
  return [...parts].filter((part) => countCodePoints(part) >= MIN_EMAIL_PART_LENGTH)
}

export function createPasswordPolicy(options: PasswordPolicyOptions = {}): PasswordPolicy {
  const load = options.loadCommonList ?? loadCommonPasswords
  // Per-policy cache (STYLE.md: no module-level mutable state); the lead builds one policy in main.
  let commonSet: Promise<ReadonlySet<string>> | undefined

  function common(): Promise<ReadonlySet<string>> {
    commonSet ??= load().then(
      (list) => new Set(list.map(fold)),
      (error: unknown) => {
        // Fail closed and let a later check try again instead of caching the failure forever.
        commonSet = undefined
        throw error
      },
    )
    return commonSet
  }

  return {
    async check(password, context = {}) {
      if (password.length > RAW_LENGTH_GUARD) return rejection('too-long')
      const normalised = normalisePassword(password)
      const length = countCodePoints(normalised)
      if (length < PASSWORD_MIN_LENGTH) return rejection('too-short')
      if (length > PASSWORD_MAX_LENGTH) return rejection('too-long')

      const folded = normalised.toLowerCase()
      if ((await common()).has(folded) || isRepetitiveOrSequential(folded)) return rejection('common')
      if (context.email !== undefined) {
        if (emailParts(context.email).some((part) => folded.includes(part))) {
          return rejection('contains-email')
        }
      }
      return { ok: true }
    },
  }
}
