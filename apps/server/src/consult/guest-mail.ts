// The two emails a guest gets (consult/README.md "Guests"). Like every template in
// platform/mail/templates.ts they take no free text: no patient's, clinician's or guest's name, no
// appointment type. The guest learns who the consultation is with once the code is entered.
import { checkLink, type RenderedMail } from '../platform/mail/templates.ts'
import type { GuestKind } from '@tessera/contracts'

const FOOTER = 'This is an automated message. Replies to this address are not read.'
const AS: Record<GuestKind, string> = { interpreter: 'an interpreter', carer: 'a carer' }

/** The one-time link; its token is after '#', so it never reaches a server log or a Referer. */
export function guestInvitationEmail(params: { link: string; kind: GuestKind }): RenderedMail {
  const as = AS[params.kind]
  if (!as) throw new RangeError('unknown guest kind')
  return {
    category: 'invitation',
    subject: 'You are invited to a video consultation',
    text:
      [
        `A clinician invited you to join a video consultation as ${as}. Open this link on the device you will use for the call:`,
        checkLink(params.link),
        'The link works once and only until the consultation ends. When you open it we email you a code to enter. If you were not expecting this, ignore this email.',
        FOOTER,
      ].join('\n\n') + '\n',
  }
}

export function guestCodeEmail(params: { code: string; expiresInMinutes: number }): RenderedMail {
  if (!/^\d{6}$/.test(params.code)) throw new RangeError('guest code must be 6 digits')
  if (!Number.isInteger(params.expiresInMinutes) || params.expiresInMinutes <= 0)
    throw new RangeError('expiresInMinutes must be a positive whole number')
  return {
    category: 'mfa-code',
    // The code is kept out of the subject, which lock screens and notification previews show.
    subject: 'Your code to join the video consultation',
    text:
      [
        `Your code is: ${params.code}`,
        `It expires in ${params.expiresInMinutes} minutes. Nobody from the clinic will ever ask you for it.`,
        FOOTER,
      ].join('\n\n') + '\n',
  }
}
