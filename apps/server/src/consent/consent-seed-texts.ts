// Version 1 of each consent text for the demo clinic (`tessera seed-demo`): plain English, short
// sentences, the format the patient pages render (blank line = paragraph, `- ` = list item,
// `## ` = heading). A real clinic writes its own on the Consent texts page.
import { randomUUID } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { ConsentKind } from '@tessera/contracts'
import type { Database } from '../platform/db/schema.ts'

export interface SeedText {
  kind: ConsentKind
  title: string
  body: string
}

const PRIVACY_NOTICE = `We collect only what we need to look after you, and we keep it safe.

## What we keep
- Your name, date of birth and contact details.
- Your health questionnaire answers, consultation notes, prescriptions and the documents you upload.
- A record of everyone at the clinic who opens your record, and why.

## Who can see it
Only the clinicians looking after you, and reception staff for booking. In an emergency a clinician outside your care team can open your record; they must give a reason, and you will see it on your Privacy page.

## How we protect it
Your record is encrypted when it is stored and when it travels. Video calls are end-to-end encrypted: not even the clinic's servers can see or hear them.

## Your rights
You can see who viewed your record, download a copy of everything we hold, and ask us to correct it. We keep medical records for as long as the law requires, then delete them.

Questions? Write to privacy@clinic.example.`

const TELEHEALTH = `Your consultations with us happen by video, from wherever you are.

## What to expect
- A video consultation is a real appointment. Your clinician will write notes in your record, as in the clinic.
- Some things cannot be done by video. If your clinician needs to examine you in person, they will tell you and help arrange it.
- If the connection fails, your clinician will try to call you back. If that does not work, we will rebook you at no cost.

## Your part
- Join from a private place where you cannot be overheard, if you can.
- Tell us at the start if someone is with you.
- Do not record the call without asking first. We do not record calls.

## In an emergency
Video consultations are not for emergencies. If you are seriously unwell, call 999 or go to the nearest emergency department.

You can withdraw this consent at any time on your Privacy page. You will then not be able to join video consultations until you give it again.`

const GP_SHARING = `With your permission, we send your GP a short letter after each consultation.

## What we share
- Why you saw us, what we found and what we advised.
- Any medicines we prescribed, so your GP's record stays accurate and safe.

## Why it helps
Your GP then knows about your care, can spot medicines that should not be taken together, and can continue your treatment.

## Your choice
This is optional. If you say no, we will not write to your GP, and your care with us does not change. You can change your mind at any time on your Privacy page. Letters already sent stay in your GP's record.`

export const SEED_TEXTS: readonly SeedText[] = [
  { kind: 'privacy-notice', title: 'How we use and protect your information', body: PRIVACY_NOTICE },
  { kind: 'telehealth', title: 'Consultations by video', body: TELEHEALTH },
  { kind: 'gp-sharing', title: 'Keeping your GP informed', body: GP_SHARING },
]

/** Publishes version 1 of each text, by `adminId`, at `now` (inside the seeding transaction). */
export async function seedConsentTexts(
  tx: Kysely<Database> | Transaction<Database>,
  adminId: string,
  now: Date,
): Promise<void> {
  await tx
    .insertInto('consent_text')
    .values(
      SEED_TEXTS.map((t) => ({
        id: randomUUID(),
        kind: t.kind,
        version: 1,
        status: 'published' as const,
        title: t.title,
        body: t.body,
        created_by: adminId,
        created_at: now,
        published_by: adminId,
        published_at: now,
      })),
    )
    .execute()
}
