// Numbered migrations, listed explicitly (no directory scanning): the order is the file's order.
// They use only SQL that PGlite and PostgreSQL 15+ run identically.
import type { Migration } from 'kysely/migration'
import * as m0001 from './0001-jobs.ts'
import * as m0002 from './0002-accounts.ts'
import * as m0003 from './0003-identity.ts'
import * as m0004 from './0004-passkey-challenge.ts'
import * as m0005 from './0005-audit.ts'
import * as m0006 from './0006-misuse-alerts.ts'
import * as m0007 from './0007-fhir.ts'
import * as m0008 from './0008-smart.ts'
import * as m0009 from './0009-vault-keys.ts'
import * as m0010 from './0010-documents.ts'
import * as m0011 from './0011-consent.ts'
import * as m0012 from './0012-scheduling.ts'
import * as m0013 from './0013-messaging.ts'
import * as m0014 from './0014-consult.ts'
import * as m0015 from './0015-consult-ended.ts'
import * as m0016 from './0016-prescribing.ts'
import * as m0017 from './0017-consult-guests.ts'
import * as m0018 from './0018-compliance.ts'
import * as m0019 from './0019-operations.ts'

export const MIGRATIONS: Record<string, Migration> = {
  '0001-jobs': m0001,
  '0002-accounts': m0002,
  '0003-identity': m0003,
  '0004-passkey-challenge': m0004,
  '0005-audit': m0005,
  '0006-misuse-alerts': m0006,
  '0007-fhir': m0007,
  '0008-smart': m0008,
  '0009-vault-keys': m0009,
  '0010-documents': m0010,
  '0011-consent': m0011,
  '0012-scheduling': m0012,
  '0013-messaging': m0013,
  '0014-consult': m0014,
  '0015-consult-ended': m0015,
  '0016-prescribing': m0016,
  '0017-consult-guests': m0017,
  '0018-compliance': m0018,
  '0019-operations': m0019,
}
