// Every passkey (WebAuthn) call lives here, so the request and response shapes can be adjusted in one
// place while the server side is being built. The browser ceremony is @simplewebauthn/browser's;
// the server's JSON options go in unchanged and its JSON response comes back unchanged.
import type { PasskeyAdded } from '@tessera/contracts'
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser'
import { api } from './client.ts'

const PATHS = {
  signInOptions: '/api/auth/passkey/options',
  signIn: '/api/auth/passkey',
  stepUpOptions: '/api/auth/passkey/step-up/options',
  stepUp: '/api/auth/passkey/step-up',
  registerOptions: '/api/account/passkeys/options',
  register: '/api/account/passkeys',
} as const

/** Whether this browser can use passkeys at all (WebAuthn present). */
export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn()
}

/** One-tap sign-in: the browser offers the passkeys it has for this site; the server answers with a full session. */
export async function signInWithPasskey(): Promise<void> {
  const options = await api.post<PublicKeyCredentialRequestOptionsJSON>(PATHS.signInOptions)
  const response = await startAuthentication({ optionsJSON: options })
  await api.post<unknown>(PATHS.signIn, { response })
}

/** Step-up on a full session: proves the person is still here before a sensitive action. */
export async function stepUpWithPasskey(): Promise<void> {
  const options = await api.post<PublicKeyCredentialRequestOptionsJSON>(PATHS.stepUpOptions)
  const response = await startAuthentication({ optionsJSON: options })
  await api.post<unknown>(PATHS.stepUp, { response })
}

/** Adds a passkey to the signed-in account; the first factor also returns the recovery codes once. */
export async function registerPasskey(label: string): Promise<PasskeyAdded> {
  const options = await api.post<PublicKeyCredentialCreationOptionsJSON>(PATHS.registerOptions)
  const response = await startRegistration({ optionsJSON: options })
  return api.post<PasskeyAdded>(PATHS.register, { response, label: label.slice(0, 60) })
}

/**
 * A sentence for a failed passkey ceremony. Server errors (ApiError) are not handled here; the
 * caller shows their message as given. Browser errors get plain words, never the raw text.
 */
export function passkeyErrorMessage(error: unknown): string | null {
  if (error instanceof WebAuthnError) {
    switch (error.code) {
      case 'ERROR_CEREMONY_ABORTED':
        return 'The passkey request was stopped. Try again.'
      case 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED':
        return 'This device already has a passkey for your account.'
      case 'ERROR_INVALID_DOMAIN':
      case 'ERROR_INVALID_RP_ID':
        return 'Passkeys are not available at this address. Ask your clinic to check the site address.'
      default:
        break
    }
  }
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
    return 'The passkey request was cancelled or timed out. Try again, or choose another way.'
  }
  if (error instanceof Error && error.name === 'NotSupportedError') {
    return 'This browser or device cannot use passkeys. Choose another way.'
  }
  return null
}
