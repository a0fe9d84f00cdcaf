// Prescribing and pharmacy (prescribing/): the medicines catalogue (each row mirrored as a FHIR
// Medication), the clinic's pharmacies and their pharmacists, prescriptions (each mirrored as a FHIR
// MedicationRequest), pharmacy tasks (FHIR Task), the controlled-drug register and repeat requests.
// Prescriber and specialist-register flags already exist on `account` (0002).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table medication_product (
    id uuid primary key,
    name text not null,
    kind text not null check (kind in ('licensed', 'cbpm')),
    form text not null,
    strength text not null,
    thc_content text,
    cbd_content text,
    cd_schedule integer check (cd_schedule between 1 and 5),
    therapeutic_group text not null,
    ingredients text[] not null,
    default_unit text not null,
    active boolean not null default true,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db)

  await sql`create table pharmacy (
    id uuid primary key,
    name text not null,
    address text not null,
    phone text,
    active boolean not null default true,
    created_at timestamptz not null
  )`.execute(db)
  await sql`create table pharmacy_member (
    account_id uuid primary key references account (id),
    pharmacy_id uuid not null references pharmacy (id),
    added_at timestamptz not null
  )`.execute(db)

  // status: draft -> active (signed) -> completed (dispensed) | cancelled (rejected by the pharmacy)
  await sql`create table prescription (
    id uuid primary key,
    patient_id uuid not null references account (id),
    prescriber_id uuid not null references account (id),
    medication_id uuid not null references medication_product (id),
    pharmacy_id uuid not null references pharmacy (id),
    appointment_id uuid,
    status text not null check (status in ('draft', 'active', 'completed', 'cancelled')),
    details jsonb not null,
    repeats_authorised integer not null,
    repeat_interval_days integer,
    course_id uuid not null,
    issue_number integer not null,
    signed_at timestamptz,
    valid_until timestamptz,
    acknowledged text[] not null default '{}',
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db)
  await sql`create index prescription_patient on prescription (patient_id, created_at)`.execute(db)
  await sql`create index prescription_course on prescription (course_id, issue_number)`.execute(db)

  // state: ready -> claimed -> checked -> dispensed -> shipped | collected; or rejected (from any open state)
  await sql`create table pharmacy_task (
    id uuid primary key,
    prescription_id uuid not null unique references prescription (id),
    pharmacy_id uuid not null references pharmacy (id),
    patient_id uuid not null references account (id),
    state text not null check (state in ('ready', 'claimed', 'checked', 'dispensed', 'rejected', 'shipped', 'collected')),
    claimed_by uuid references account (id),
    dispense_id uuid,
    reject_reason_sealed text,
    overdue_at timestamptz,
    dispensed_at timestamptz,
    handed_over_at timestamptz,
    rejected_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db)
  await sql`create index pharmacy_task_queue on pharmacy_task (pharmacy_id, state, created_at)`.execute(db)

  await sql`create table controlled_drug_entry (
    id uuid primary key,
    entry_no bigint generated always as identity,
    pharmacy_id uuid not null references pharmacy (id),
    task_id uuid not null unique references pharmacy_task (id),
    prescription_id uuid not null references prescription (id),
    dispense_id uuid not null,
    medication_id uuid not null references medication_product (id),
    patient_id uuid not null references account (id),
    prescriber_id uuid not null references account (id),
    pharmacist_id uuid not null references account (id),
    quantity numeric not null,
    unit text not null,
    batch text not null,
    expiry date not null,
    supplied_at timestamptz not null
  )`.execute(db)
  await sql`create index controlled_drug_pharmacy on controlled_drug_entry (pharmacy_id, entry_no)`.execute(
    db,
  )

  await sql`create table repeat_request (
    id uuid primary key,
    prescription_id uuid not null references prescription (id),
    patient_id uuid not null references account (id),
    clinician_id uuid not null references account (id),
    kind text not null check (kind in ('repeat', 'review')),
    state text not null check (state in ('pending', 'approved', 'declined')),
    message_sealed text,
    issued_prescription_id uuid references prescription (id),
    created_at timestamptz not null,
    decided_at timestamptz
  )`.execute(db)
  await sql`create index repeat_request_queue on repeat_request (clinician_id, state, created_at)`.execute(db)
  await sql`create unique index repeat_request_one_pending on repeat_request (prescription_id) where state = 'pending'`.execute(
    db,
  )
}
