import { useEffect, useState } from 'react'
import { OIDC_START_HREF, oidcApi } from '../../api/oidc.ts'
import './oidc-sign-in.css'

/**
 * "Sign in with <provider>" for staff, when the clinic set up OpenID Connect. Asked once the page is
 * on screen (a public endpoint that always answers 200), and shown below the password form so
 * nothing the person is about to click moves. A plain link: the browser leaves for the provider.
 */
export function OidcSignIn() {
  const [providerName, setProviderName] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    oidcApi.status(controller.signal).then(
      (status) => {
        if (status.enabled) setProviderName(status.providerName ?? 'your organisation')
      },
      () => undefined, // Optional offer: without an answer the password and passkey still work.
    )
    return () => controller.abort()
  }, [])

  if (providerName === null) return null
  return (
    <div className="oidc-sign-in">
      <p className="form__divider" aria-hidden="true">
        or
      </p>
      <a className="button button--secondary button--full button-link" href={OIDC_START_HREF}>
        Sign in with {providerName}
      </a>
    </div>
  )
}
