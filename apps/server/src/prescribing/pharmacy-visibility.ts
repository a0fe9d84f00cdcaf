// What a pharmacist may see of the FHIR record (S1, S2): the Tasks routed to their pharmacy, the
// MedicationRequests those Tasks are for, and the MedicationDispenses made for them; nothing else
// of any patient. An SQL condition on the FHIR store's row alias `r`, so anything else is "not found".
import { sql, type Expression, type SqlBool } from 'kysely'

export function pharmacyRowFilter(pharmacistId: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from pharmacy_task pt
      join pharmacy_member pm on pm.pharmacy_id = pt.pharmacy_id and pm.account_id = ${pharmacistId}
      where (r.resource_type = 'Task' and pt.id = r.id)
         or (r.resource_type = 'MedicationRequest' and pt.prescription_id = r.id)
         or (r.resource_type = 'MedicationDispense' and pt.dispense_id = r.id))`
}
