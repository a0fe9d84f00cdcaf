// Builds the documents module from the application's parts: the blob store (<data>/blobs unless
// TESSERA_BLOB_DIR says otherwise), the scanner (when TESSERA_CLAMD is set) and the sweeper.
import { join, resolve } from 'node:path'
import type { AppContext } from '../../context.ts'
import { BlobSweeper } from './blob-sweeper.ts'
import { DocumentService } from './document-service.ts'
import { FsBlobStore } from './fs-blob-store.ts'
import { ClamdScanner, parseClamdAddress } from './scanner/clamd-scanner.ts'

type Parts = Pick<
  AppContext,
  'config' | 'db' | 'clock' | 'log' | 'access' | 'audit' | 'fhir' | 'vault' | 'jobs' | 'egress'
>

export function blobDirectory(config: AppContext['config']): string {
  return resolve(config.blobDir ?? join(config.dataDir, 'blobs'))
}

export function createDocumentService(parts: Parts): DocumentService {
  const { config, db, clock, log, jobs } = parts
  const blobs = new FsBlobStore(blobDirectory(config))
  const scanner = config.clamd
    ? new ClamdScanner(parseClamdAddress(config.clamd), undefined, parts.egress)
    : null
  return new DocumentService(
    {
      db,
      clock,
      log,
      access: parts.access,
      audit: parts.audit,
      fhir: parts.fhir,
      vault: parts.vault,
      blobs,
      scanner,
      uploadMaxBytes: config.uploadMaxBytes,
    },
    new BlobSweeper({ db, blobs, jobs, clock, log }),
  )
}
