// Loaded on demand (dynamic import from password-strength.ts) by the pages that set a password, so
// the dictionaries (~400 KB raw) never weigh on the first load. Runs entirely in the browser: the
// password is not sent anywhere to be checked.
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

export interface StrengthReport {
  score: Score
  /** The main problem in plain words, or null. */
  warning: string | null
  /** One suggestion in plain words, or null. */
  suggestion: string | null
}

// zxcvbn-ts reports translation keys; these are our plain-English sentences for them.
const WARNINGS: Record<string, string> = {
  straightRow: 'Rows of keys next to each other are easy to guess.',
  keyPattern: 'Short keyboard patterns are easy to guess.',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "6543" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is one of the most used passwords.',
  topHundred: 'This is a very commonly used password.',
  common: 'This is a commonly used password.',
  similarToCommon: 'This is too close to a commonly used password.',
  wordByItself: 'A single word is easy to guess.',
  namesByThemselves: 'Names on their own are easy to guess.',
  commonNames: 'Common names are easy to guess.',
  userInputs: 'Do not use your name or email address.',
  pwned: 'This password has appeared in a data breach.',
}

const SUGGESTIONS: Record<string, string> = {
  l33t: 'Swapping letters for look-alike symbols (like @ for a) does not help much.',
  reverseWords: 'Spelling a word backwards does not make it harder to guess.',
  allUppercase: 'Capitals throughout do not help much.',
  capitalization: 'A capital first letter does not help much.',
  dates: 'Avoid dates and years that are linked to you.',
  recentYears: 'Avoid recent years.',
  associatedYears: 'Avoid years that are linked to you.',
  sequences: 'Avoid common character sequences.',
  repeated: 'Avoid repeated words and characters.',
  longerKeyboardPattern: 'Avoid keyboard patterns.',
  anotherWord: 'Add another word or two that do not go together.',
  useWords: 'Use several words, and avoid common phrases.',
  noNeed: 'You can make a strong password from a few unrelated words.',
  pwned: 'If you use this password anywhere else, change it there too.',
}

const factory = new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs })

export function checkPassword(password: string, userInputs: readonly string[]): StrengthReport {
  const result = factory.check(password, [...userInputs])
  const warning = result.feedback.warning ? (WARNINGS[result.feedback.warning] ?? null) : null
  const first = result.feedback.suggestions[0]
  const suggestion = first ? (SUGGESTIONS[first] ?? null) : null
  return { score: result.score, warning, suggestion }
}
