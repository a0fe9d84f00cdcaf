// "(1 waiting)" in front of the tab's title while patients wait: seen in the tab strip from any
// other tab or window (a screen-sharing clinician included). A count only, never a name: titles
// show up in window lists and screen shares. Pages set their own titles (use-document-title.ts);
// an observer puts the prefix back after each change.
import { useEffect } from 'react'

const PREFIX = /^\(\d+ waiting\) /

function apply(count: number): void {
  const bare = document.title.replace(PREFIX, '')
  const next = count > 0 ? `(${count} waiting) ${bare}` : bare
  if (document.title !== next) document.title = next
}

export function useWaitingTitle(count: number): void {
  useEffect(() => {
    apply(count)
    const title = document.querySelector('title')
    const observer = new MutationObserver(() => apply(count))
    if (title) observer.observe(title, { childList: true, characterData: true, subtree: true })
    return () => {
      observer.disconnect()
      apply(0)
    }
  }, [count])
}
