// A one-line message carried to the next page in the history entry's state (never in the URL),
// e.g. "Your email address is confirmed" shown on the sign-in page after verification.

export interface NoticeState {
  notice: string
}

export function noticeState(notice: string): NoticeState {
  return { notice }
}

/** The notice carried by the current history entry, if any. */
export function readNotice(): string | null {
  const state: unknown = window.history.state
  if (typeof state === 'object' && state !== null && 'notice' in state) {
    const { notice } = state
    return typeof notice === 'string' ? notice : null
  }
  return null
}

/** Drops the notice from the current history entry, so a reload does not show it again. */
export function clearNotice(): void {
  if (readNotice() !== null) window.history.replaceState(null, '')
}
