// A quantity written in words, as the Misuse of Drugs Regulations 2001 (reg. 15) require for
// Schedule 2 and 3 prescriptions: "thirty", "one hundred and twenty", "two point five", optionally
// followed by the unit ("thirty capsules"). Returns null when the words are not a number we read.
const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
}
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000 }

export function numberFromWords(text: string): number | null {
  const words = text
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ') // "thirty (30)": the figures in brackets are checked separately
    .split(/[\s-]+/)
    .filter(Boolean)
  let total = 0
  let current = 0
  let seen = false
  let i = 0
  for (; i < words.length; i++) {
    const w = words[i]!
    if (w in UNITS) current += UNITS[w]!
    else if (w in TENS) current += TENS[w]!
    else if (w === 'hundred') current = (current || 1) * 100
    else if (w === 'thousand') {
      total += (current || 1) * SCALES[w]!
      current = 0
    } else if (w === 'and' && seen) continue
    else if (w === 'a' && !seen) {
      current = 1
    } else break
    seen = true
  }
  if (!seen) return null
  let value = total + current
  if (words[i] === 'point') {
    let digits = ''
    for (i++; i < words.length && words[i]! in UNITS && UNITS[words[i]!]! < 10; i++)
      digits += UNITS[words[i]!]
    if (!digits) return null
    value = Number(`${value}.${digits}`)
  }
  return value
}
