import { useEffect, useRef } from 'react'
import { useLocation } from 'wouter'

export const MAIN_ID = 'main'

/**
 * After an in-app navigation, moves focus to the new page's <h1> (or <main>), so keyboard and
 * screen-reader users start at the new content and hear its title, as a full page load would do.
 *
 * Nothing moves before the person has interacted with the page: on first load (including the
 * redirect from `/`) focus stays at the top of the document, where the skip link is first.
 */
export function useFocusOnNavigate(): void {
  const [location] = useLocation()
  const previous = useRef(location)
  const interacted = useRef(false)

  useEffect(() => {
    const mark = (): void => {
      interacted.current = true
    }
    const options = { capture: true, passive: true } as const
    window.addEventListener('pointerdown', mark, options)
    window.addEventListener('keydown', mark, options)
    return () => {
      window.removeEventListener('pointerdown', mark, options)
      window.removeEventListener('keydown', mark, options)
    }
  }, [])

  useEffect(() => {
    if (previous.current === location) return
    previous.current = location
    if (!interacted.current) return
    const main = document.getElementById(MAIN_ID)
    const target = main?.querySelector<HTMLElement>('h1[tabindex]') ?? main
    target?.focus()
  }, [location])
}

/** Moves focus to the page's <h1> after the page changed in place (a form replaced by its result). */
export function focusPageHeading(): void {
  window.requestAnimationFrame(() => {
    document.getElementById(MAIN_ID)?.querySelector<HTMLElement>('h1[tabindex]')?.focus()
  })
}
