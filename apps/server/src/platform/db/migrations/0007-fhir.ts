// The FHIR R4 record (fhir/): the current version of each resource, every version ever written, and
// the search index of the current versions. A patient account is a Patient: same id, so the
// access policy, care team and audit trail name patients by one identifier.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table fhir_resource (
    resource_type text not null,
    id uuid not null,
    version_id integer not null check (version_id > 0),
    last_updated timestamptz not null,
    deleted boolean not null default false,
    -- The Patient whose compartment holds this resource (its own id for a Patient); null: shared.
    patient_id uuid,
    content jsonb,
    primary key (resource_type, id),
    check (deleted or content is not null)
  )`.execute(db)
  await sql`create index fhir_resource_patient on fhir_resource (patient_id, resource_type)`.execute(db)
  await sql`create index fhir_resource_updated on fhir_resource (resource_type, last_updated)`.execute(db)

  await sql`create table fhir_resource_history (
    resource_type text not null,
    id uuid not null,
    version_id integer not null,
    last_updated timestamptz not null,
    deleted boolean not null,
    patient_id uuid,
    content jsonb,
    primary key (resource_type, id, version_id)
  )`.execute(db)
  await sql`create index fhir_history_type on fhir_resource_history (resource_type, last_updated)`.execute(db)

  await sql`create table fhir_search_index (
    resource_type text not null,
    resource_id uuid not null,
    param text not null,
    system text,
    value text,
    date_start timestamptz,
    date_end timestamptz
  )`.execute(db)
  await sql`create index fhir_search_value on fhir_search_index (resource_type, param, value text_pattern_ops)`.execute(
    db,
  )
  await sql`create index fhir_search_date on fhir_search_index (resource_type, param, date_start, date_end)`.execute(
    db,
  )
  await sql`create index fhir_search_resource on fhir_search_index (resource_type, resource_id)`.execute(db)

  // Care-team and break-glass rows now name a Patient, which may have no account (a patient the
  // clinic registered at the desk).
  await sql`alter table care_team drop constraint care_team_patient_id_fkey`.execute(db)
  await sql`alter table break_glass drop constraint break_glass_patient_id_fkey`.execute(db)

  // Patient accounts made before the record existed get their Patient (name and email only).
  await sql`insert into fhir_resource (resource_type, id, version_id, last_updated, patient_id, content)
    select 'Patient', a.id, 1, a.created_at, a.id, jsonb_build_object(
      'resourceType', 'Patient', 'id', a.id::text,
      'meta', jsonb_build_object('versionId', '1', 'lastUpdated',
        to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
      'name', jsonb_build_array(jsonb_build_object('text', a.display_name)),
      'telecom', jsonb_build_array(jsonb_build_object('system', 'email', 'value', a.email)))
    from account a where a.role = 'patient'`.execute(db)
  await sql`insert into fhir_resource_history
    select resource_type, id, version_id, last_updated, deleted, patient_id, content from fhir_resource`.execute(
    db,
  )
}
