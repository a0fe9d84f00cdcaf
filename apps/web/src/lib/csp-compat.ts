// Under `style-src 'self'` the browser blocks <style> elements that scripts create. React Aria's
// usePress creates one (id "react-aria-pressable-style") unless an element with that id already
// exists. We carry its rule in styles/components.css instead and claim the id with an empty
// <meta>, so React Aria skips the injection and no CSP violation is reported.
// (usePreventScroll does the same on iOS Safari for modals, without an id; see README.md.)
const REACT_ARIA_PRESSABLE_STYLE_ID = 'react-aria-pressable-style'

export function claimInjectedStyleIds(doc: Document): void {
  if (doc.getElementById(REACT_ARIA_PRESSABLE_STYLE_ID)) return
  const marker = doc.createElement('meta')
  marker.id = REACT_ARIA_PRESSABLE_STYLE_ID
  doc.head.prepend(marker)
}
