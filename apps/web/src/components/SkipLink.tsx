import type { MouseEvent } from 'react'
import { MAIN_ID } from '../lib/use-focus-on-navigate.ts'

/**
 * First focusable element on every page. It moves focus to <main> by script rather than by
 * changing the URL fragment, so it never clobbers a fragment the page uses (the setup token).
 */
export function SkipLink() {
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    const main = document.getElementById(MAIN_ID)
    if (!main) return
    event.preventDefault()
    main.focus()
    main.scrollIntoView()
  }
  return (
    <a className="skip-link" href={`#${MAIN_ID}`} onClick={onClick}>
      Skip to content
    </a>
  )
}
