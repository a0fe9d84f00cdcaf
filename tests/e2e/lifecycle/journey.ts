// The state one lifecycle run carries from step to step: the clinic, the browser, the observer, the
// new patient (and her passkey, to carry to a second device), her appointment; and the helpers every
// step uses: open a watched page at a viewport, a numbered screenshot per step, an explained wait.
import type { Browser } from 'playwright-core'
import { openPage, screenshot, type Viewport, type WatchedPage } from '../harness.ts'
import type { DemoUser } from '../seeded.ts'
import type { LifecycleClinic } from './clinic.ts'
import { CANARY, Observer } from './observer.ts'

export interface NewPatient {
  email: string
  name: string
  password: string
  /** Her account id, once she has one. */
  id: string
}

/** A virtual authenticator's credential, as the DevTools protocol exports and imports it. */
export interface PasskeyCredential {
  credentialId: string
  isResidentCredential: boolean
  rpId?: string
  privateKey: string
  userHandle?: string
  signCount: number
}

export interface Journey {
  clinic: LifecycleClinic
  browser: Browser
  observer: Observer
  /** Screenshot names start with this: lifecycle-NN-step.png (or lifecycle-multi-NN-step.png). */
  prefix: string
  shots: number
  patient: NewPatient
  passkey: PasskeyCredential | undefined
  appointment: { id: string; start: number } | undefined
  /** Canaries found in her downloaded record: they did reach the clinic (a control for the checks). */
  exportedCanaries: string[]
  /** Pages left open between steps (the clinician's call page, the pharmacist's queue). */
  open: Map<string, WatchedPage>
}

export function newJourney(clinic: LifecycleClinic, browser: Browser, prefix: string): Journey {
  const tag = Math.random().toString(36).slice(2, 8)
  return {
    clinic,
    browser,
    observer: new Observer(new URL(clinic.url).origin),
    prefix,
    shots: 0,
    patient: {
      email: `ines.${tag}@patient.example`,
      name: `Ines ${CANARY.name} Varga`,
      password: 'copper lantern meadow violin 58',
      id: '',
    },
    passkey: undefined,
    appointment: undefined,
    exportedCanaries: [],
    open: new Map(),
  }
}

export function staff(j: Journey, email: string): DemoUser {
  return j.clinic.people.user(email)
}

/** A new browser context at a viewport, watched for the whole run. */
export async function openWatched(j: Journey, viewport: Viewport): Promise<WatchedPage> {
  const w = await openPage(j.browser, j.clinic.url, viewport)
  j.observer.watch(w.context)
  return w
}

/** A staff member signed in (password and a fresh authenticator code) on a new context. */
export async function staffPage(j: Journey, email: string, viewport: Viewport): Promise<WatchedPage> {
  const w = await openWatched(j, viewport)
  await j.clinic.people.signInByApi(w.page, staff(j, email))
  return w
}

/** The step's screenshot: test-results/screenshots/<prefix>-NN-<name>.png. */
export async function shot(j: Journey, w: WatchedPage, name: string): Promise<void> {
  j.shots++
  await screenshot(w.page, `${j.prefix}-${String(j.shots).padStart(2, '0')}-${name}`)
}

/** Runs a wait; on failure keeps a screenshot and says what the page and the server showed. */
export async function explain(
  j: Journey,
  w: WatchedPage,
  what: string,
  wait: () => Promise<unknown>,
): Promise<void> {
  try {
    await wait()
  } catch (err) {
    await screenshot(w.page, `${j.prefix}-failed-${what.replace(/\W+/g, '-')}`).catch(() => {})
    const main = await w.page
      .evaluate(() => document.querySelector('main')?.textContent?.slice(0, 800) ?? '')
      .catch((e: unknown) => String(e))
    const log = j.clinic.serverLog().slice(-2500)
    throw new Error(
      `waiting for ${what}: ${String(err)}\npage: ${main}\nconsole: ${w.consoleErrors.slice(-8).join('\n')}\nserver:\n${log}`,
      { cause: err },
    )
  }
}

export const LONG = { timeout: 30_000 }
