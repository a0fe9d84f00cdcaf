// Attachments are vault documents, uploaded first through the documents route; a message refers
// to them by id. Each must be a document of the thread's patient that the writer can see (the
// same rule as intake's attachment answers), or the message is refused naming the item.
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { DocumentService } from '../vault/documents/document-service.ts'

export async function checkAttachments(
  documents: DocumentService,
  actor: Actor,
  patientId: string,
  ids: readonly string[],
): Promise<string[]> {
  const checked: string[] = []
  for (const [i, raw] of ids.entries()) {
    const id = raw.toLowerCase()
    const refuse = (message: string) =>
      new AppError('invalid', `Attachment ${i + 1}: ${message}`, [{ path: `/attachments/${i}`, message }])
    if (checked.includes(id)) throw refuse('attached twice')
    try {
      const found = await documents.find(actor, id)
      if (found.row.patient_id !== patientId) throw new AppError('not-found', 'No such document.')
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'not-found') throw err
      throw refuse('must be a document uploaded to this patient’s record first')
    }
    checked.push(id)
  }
  return checked
}
