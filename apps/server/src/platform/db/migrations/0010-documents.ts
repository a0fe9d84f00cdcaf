// The document vault (vault/documents/): one row per stored document, beside its DocumentReference
// (same id). Metadata a patient sees (title, category, review) lives in the DocumentReference;
// this row holds what serving the bytes needs: size, hash, wrapped key, scan result.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table document (
    id uuid primary key,
    patient_id uuid not null,
    content_type text not null
      check (content_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/heic')),
    size integer not null check (size > 0),
    stored_size integer not null check (stored_size > size),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    wrapped_key text not null,
    scan text not null check (scan in ('clean', 'not-scanned')),
    uploaded_by uuid not null references account (id),
    created_at timestamptz not null
  )`.execute(db)
  await sql`create index document_patient on document (patient_id, created_at)`.execute(db)
}
