// Kysely table types. Each module owns its tables; this file only assembles them.
import type { JobTable } from '../jobs/job-table.ts'
import type { AccountTable } from '../../identity/account-table.ts'
import type {
  EmailMfaEnrolmentTable,
  EmailTokenTable,
  RecoveryCodeTable,
  SessionTable,
  TotpCredentialTable,
  WebauthnCredentialTable,
} from '../../identity/identity-tables.ts'
import type { BreakGlassTable, CareTeamTable } from '../../access/access-tables.ts'
import type { SetupLinkTable } from '../../setup/setup-link-table.ts'
import type { OutboxMailTable } from '../mail/outbox-table.ts'
import type { ClinicSettingTable } from '../settings/setting-table.ts'
import type { PasskeyChallengeTable } from '../../identity/passkey-tables.ts'

import type { AuditCheckpointTable, AuditEventTable, AuditSigningKeyTable } from '../../audit/audit-tables.ts'
import type { MisuseAlertTable, MisuseScanTable } from '../../audit/misuse-tables.ts'
import type {
  FhirResourceHistoryTable,
  FhirResourceTable,
  FhirSearchIndexTable,
} from '../../fhir/fhir-tables.ts'
import type {
  SmartAppTable,
  SmartAuthorizationTable,
  SmartGrantTable,
  SmartRefreshTokenTable,
  SmartSigningKeyTable,
} from '../../smart/smart-tables.ts'
import type { VaultMasterKeyTable, VaultPatientKeyTable } from '../../vault/keys/vault-key-tables.ts'
import type { DocumentTable } from '../../vault/documents/document-table.ts'
import type { ConsentDecisionTable, ConsentTextTable } from '../../consent/consent-tables.ts'
import type {
  AppointmentReminderTable,
  AppointmentTable,
  AppointmentTypeTable,
  AvailabilityExceptionTable,
  AvailabilityRuleTable,
  ClinicianScheduleTable,
} from '../../scheduling/scheduling-tables.ts'
import type {
  MessageAttachmentTable,
  MessageReadTable,
  MessageTable,
  MessageThreadTable,
} from '../../messaging/messaging-tables.ts'
import type {
  ConsultCallTable,
  ConsultDeviceTable,
  ConsultGuestTable,
  ConsultParticipantTable,
  ConsultRoomTable,
  ConsultVerificationTable,
} from '../../consult/consult-tables.ts'
import type {
  ControlledDrugEntryTable,
  MedicationProductTable,
  PharmacyMemberTable,
  PharmacyTable,
  PharmacyTaskTable,
  PrescriptionTable,
  RepeatRequestTable,
} from '../../prescribing/prescribing-tables.ts'
import type { ProcessorTable } from '../../compliance/processor-table.ts'
import type { OperationsBackupRunTable, RetentionReviewTable } from '../../operations/operations-tables.ts'

export interface Database {
  job: JobTable
  account: AccountTable
  setup_link: SetupLinkTable
  totp_credential: TotpCredentialTable
  webauthn_credential: WebauthnCredentialTable
  recovery_code: RecoveryCodeTable
  email_mfa_enrolment: EmailMfaEnrolmentTable
  session: SessionTable
  email_token: EmailTokenTable
  outbox_mail: OutboxMailTable
  care_team: CareTeamTable
  break_glass: BreakGlassTable
  clinic_setting: ClinicSettingTable
  passkey_challenge: PasskeyChallengeTable
  audit_event: AuditEventTable
  audit_checkpoint: AuditCheckpointTable
  audit_signing_key: AuditSigningKeyTable
  misuse_alert: MisuseAlertTable
  misuse_scan: MisuseScanTable
  fhir_resource: FhirResourceTable
  fhir_resource_history: FhirResourceHistoryTable
  fhir_search_index: FhirSearchIndexTable
  smart_app: SmartAppTable
  smart_grant: SmartGrantTable
  smart_authorization: SmartAuthorizationTable
  smart_refresh_token: SmartRefreshTokenTable
  smart_signing_key: SmartSigningKeyTable
  vault_master_key: VaultMasterKeyTable
  vault_patient_key: VaultPatientKeyTable
  document: DocumentTable
  consent_text: ConsentTextTable
  consent_decision: ConsentDecisionTable
  appointment_type: AppointmentTypeTable
  clinician_schedule: ClinicianScheduleTable
  availability_rule: AvailabilityRuleTable
  availability_exception: AvailabilityExceptionTable
  appointment: AppointmentTable
  appointment_reminder: AppointmentReminderTable
  message_thread: MessageThreadTable
  message: MessageTable
  message_attachment: MessageAttachmentTable
  message_read: MessageReadTable
  consult_device: ConsultDeviceTable
  consult_room: ConsultRoomTable
  consult_call: ConsultCallTable
  consult_participant: ConsultParticipantTable
  consult_verification: ConsultVerificationTable
  consult_guest: ConsultGuestTable
  medication_product: MedicationProductTable
  pharmacy: PharmacyTable
  pharmacy_member: PharmacyMemberTable
  prescription: PrescriptionTable
  pharmacy_task: PharmacyTaskTable
  controlled_drug_entry: ControlledDrugEntryTable
  repeat_request: RepeatRequestTable
  processor: ProcessorTable
  operations_backup_run: OperationsBackupRunTable
  retention_review: RetentionReviewTable
}
