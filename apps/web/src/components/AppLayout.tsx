import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { LobbyBadge } from '../lib/lobby-badge.tsx'
import { LobbyProvider, type LobbyRole } from '../lib/lobby.tsx'
import { useSession } from '../lib/session.tsx'
import { MAIN_ID } from '../lib/use-focus-on-navigate.ts'
import { Button } from './Button.tsx'
import { SignOutButton } from './SignOutButton.tsx'
import { SkipLink } from './SkipLink.tsx'

export interface NavItem {
  href: string
  label: string
}

export interface AppLayoutProps {
  /** Shown beside the product name, e.g. "Patient portal". */
  areaLabel?: string
  /** The area's navigation; public pages (sign-in, setup) have none. */
  nav?: { label: string; items: readonly NavItem[] }
  /** Centre a narrow column (forms). */
  narrow?: boolean
  children: ReactNode
}

function isCurrent(location: string, href: string): boolean {
  const path = location.replace(/\/+$/, '') || '/'
  return path === href || path.startsWith(`${href}/`)
}

/**
 * The page frame: skip link, banner (product and area name), the area's navigation landmark, and
 * the main landmark the skip link and route focus target. On narrow screens the navigation folds
 * behind a Menu button (a disclosure), which closes on navigation and on Escape. Whenever a session
 * exists (even a partial one, during sign-in or enrolment) the banner offers "Sign out".
 */
export function AppLayout({ areaLabel, nav, narrow = false, children }: AppLayoutProps) {
  const [location] = useLocation()
  const { state } = useSession()
  const navId = useId()
  const menuButton = useRef<HTMLButtonElement>(null)
  // The menu is open for the location it was opened at, so any navigation closes it.
  const [openAt, setOpenAt] = useState<string | null>(null)
  const isOpen = openAt === location

  const onNavKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Escape' && isOpen) {
      setOpenAt(null)
      menuButton.current?.focus()
    }
  }

  // One lobby socket per tab for signed-in patients and clinicians (the waiting room, issue 9).
  const role = state.status === 'active' && state.stage === 'full' ? state.view.account.role : null
  const lobbyRole: LobbyRole | null = role === 'clinician' || role === 'patient' ? role : null

  return (
    <LobbyProvider role={lobbyRole}>
      <div className="app-shell">
        <SkipLink />
        <header className="app-header">
          <div className="app-header__inner">
            <p className="brand">
              <span className="brand__name">Tessera</span>
              {areaLabel ? <span className="brand__area">{areaLabel}</span> : null}
            </p>
            {/* Sign out first, so the Menu button is followed directly by the navigation it opens. */}
            <div className="app-header__actions">
              {state.status === 'active' ? <SignOutButton /> : null}
              {nav ? (
                <Button
                  ref={menuButton}
                  variant="quiet"
                  className="menu-button"
                  aria-expanded={isOpen}
                  aria-controls={navId}
                  onPress={() => setOpenAt(isOpen ? null : location)}
                >
                  <svg className="menu-button__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <path d="M3 5h14M3 10h14M3 15h14" />
                  </svg>
                  Menu
                </Button>
              ) : null}
            </div>
          </div>
        </header>
        <LobbyBadge />
        <div className={nav ? 'app-body app-body--with-nav' : 'app-body'}>
          {nav ? (
            <nav
              id={navId}
              className="app-nav"
              aria-label={nav.label}
              data-open={isOpen ? '' : undefined}
              onKeyDown={onNavKeyDown}
            >
              <ul className="app-nav__list">
                {nav.items.map((item) => (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      className="app-nav__link"
                      aria-current={isCurrent(location, item.href) ? 'page' : undefined}
                    >
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <main id={MAIN_ID} tabIndex={-1} className={narrow ? 'app-main app-main--centered' : 'app-main'}>
            {children}
          </main>
        </div>
      </div>
    </LobbyProvider>
  )
}
