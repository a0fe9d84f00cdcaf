/** A name for a new passkey ("Passkey on iPhone"), so the Security page can tell them apart. */
export function deviceLabel(userAgent: string = navigator.userAgent): string {
  const platforms: Array<[RegExp, string]> = [
    [/iPhone/i, 'iPhone'],
    [/iPad/i, 'iPad'],
    [/Android/i, 'Android'],
    [/Macintosh|Mac OS X/i, 'Mac'],
    [/Windows/i, 'Windows'],
    [/CrOS/i, 'Chromebook'],
    [/Linux/i, 'Linux'],
  ]
  const match = platforms.find(([pattern]) => pattern.test(userAgent))
  return match ? `Passkey on ${match[1]}` : 'Passkey'
}
