// Steps for a guest (interpreter, carer) in the consultation browser suites: the clinician invites
// from the consultation page, the guest opens the emailed link, has a code emailed, enters it,
// checks in and waits to be let in. (The same steps as consult-guests.test.ts, shared for new suites.)
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { openPage, PHONE, type WatchedPage } from './harness.ts'
import type { Mailbox } from './identity-steps.ts'

export async function withTestHooks(w: WatchedPage): Promise<WatchedPage> {
  await w.context.addInitScript(() => localStorage.setItem('tessera.test-hooks', '1'))
  return w
}

/** The clinician invites a guest from the consultation page; returns the link from the email. */
export async function inviteGuest(
  clinician: WatchedPage,
  mailbox: Mailbox,
  guest: { name: string; email: string; role: 'interpreter' | 'carer' },
): Promise<string> {
  const form = clinician.page.getByRole('form', { name: 'Invite a guest' })
  await form.getByLabel('Guest’s name').fill(guest.name)
  await form.getByLabel('Guest’s email').fill(guest.email)
  await form.getByLabel('Joins as').selectOption(guest.role)
  await form.getByRole('button', { name: 'Invite a guest' }).click()
  await clinician.page.getByText(`Invitation sent to ${guest.email}`).waitFor({ timeout: 30_000 })
  const mail = await mailbox.waitFor(guest.email, /invited to a video consultation/, 30_000)
  const link = /(https?:\/\/\S+\/consult\/guest#t=[A-Za-z0-9_-]{43})/.exec(mail.body)?.[1]
  assert.ok(link, 'the invitation carries the link')
  return link
}

/** The guest (test hooks on) opens the link, enters the emailed code, checks in: the waiting room. */
export async function guestArrives(
  browser: Browser,
  baseUrl: string,
  mailbox: Mailbox,
  link: string,
  guest: { name: string; email: string },
): Promise<WatchedPage> {
  const w = await withTestHooks(await openPage(browser, baseUrl, PHONE))
  const codes = () => mailbox.to(guest.email).filter((m) => /Your code to join/.test(m.subject))
  await w.page.goto(link)
  await w.page.getByRole('heading', { name: 'You are invited' }).waitFor({ timeout: 30_000 })
  const before = codes().length
  await w.page.getByRole('button', { name: 'Email me a code' }).click()
  await w.page.getByText(/We emailed a code to .•••@/).waitFor({ timeout: 30_000 })
  const deadline = Date.now() + 30_000
  while (codes().length <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  const code = /code is: (\d{6})/.exec(codes().at(-1)?.body ?? '')?.[1]
  assert.ok(code, 'the code email arrived')
  await w.page.getByLabel('Code from the email').fill(code)
  await w.page.getByRole('button', { name: 'Continue' }).click()
  await w.page.getByRole('heading', { name: 'Before you join' }).waitFor({ timeout: 30_000 })
  await w.page.getByRole('button', { name: "I'm ready" }).click()
  await w.page.getByRole('heading', { name: /will let you in/ }).waitFor({ timeout: 30_000 })
  return w
}
