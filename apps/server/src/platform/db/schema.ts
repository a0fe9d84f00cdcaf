// Kysely table types. Each module owns its tables; this file only assembles them.
import type { JobTable } from '../jobs/job-table.ts'
import type { AccountTable } from '../../identity/account-table.ts'
import type { SetupLinkTable } from '../../setup/setup-link-table.ts'

export interface Database {
  job: JobTable
  account: AccountTable
  setup_link: SetupLinkTable
}
