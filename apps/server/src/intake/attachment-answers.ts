// Attachment answers point at a document in the vault (uploaded first, through the documents route):
// the url must be that document's content route, and the document must be this patient's own. The
// title, type and size are taken from the vault, not from the client.
import type { Attachment, QuestionnaireResponseItem } from '@medplum/fhirtypes'
import type { ResponseIssue } from '@tessera/questionnaire'
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import type { DocumentService } from '../vault/documents/document-service.ts'
import { toView } from '../vault/documents/document-reader.ts'

const CONTENT_ROUTE =
  /^\/api\/documents\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/content$/i

export function documentIdOf(url: string | undefined): string | undefined {
  return url ? CONTENT_ROUTE.exec(url)?.[1]?.toLowerCase() : undefined
}

interface Found {
  attachment: Attachment
  linkId: string
  path: string
}

function collect(items: readonly unknown[] | undefined, prefix: string, out: Found[]): void {
  items?.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null) return
    const item = raw as QuestionnaireResponseItem
    const path = `${prefix}item[${i}]`
    if (Array.isArray(item.answer))
      item.answer.forEach((answer, j) => {
        const at = `${path}.answer[${j}]`
        if (answer && typeof answer.valueAttachment === 'object' && answer.valueAttachment !== null)
          out.push({
            attachment: answer.valueAttachment,
            linkId: String(item.linkId),
            path: `${at}.valueAttachment`,
          })
        if (Array.isArray(answer?.item)) collect(answer.item, `${at}.`, out)
      })
    if (Array.isArray(item.item)) collect(item.item, `${path}.`, out)
  })
}

/**
 * Checks every attachment answer in `items` (in place: the vault's title, type and size replace the
 * client's). Returns one issue per answer that does not point at the patient's own document.
 */
export async function checkAttachments(
  documents: DocumentService,
  actor: Actor,
  patientId: string,
  items: readonly unknown[],
): Promise<ResponseIssue[]> {
  const found: Found[] = []
  collect(items, '', found)
  const issues: ResponseIssue[] = []
  for (const { attachment, linkId, path } of found) {
    const id = documentIdOf(attachment.url)
    const message = 'must point at a document you uploaded (its /api/documents/<id>/content address)'
    if (!id) {
      issues.push({ linkId, path, message })
      continue
    }
    try {
      const document = await documents.find(actor, id)
      if (document.row.patient_id !== patientId) throw new AppError('not-found', 'No such document.')
      const view = toView(document)
      attachment.url = `/api/documents/${id}/content`
      attachment.title = view.title
      attachment.contentType = view.contentType
      attachment.size = view.size
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'not-found') throw err
      issues.push({ linkId, path, message })
    }
  }
  return issues
}
