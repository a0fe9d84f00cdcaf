// The patient's own record as FHIR (Patient/$everything): the download of "all my data".
import { download, type DownloadedFile } from './client.ts'

export const recordApi = {
  /** Every resource of the signed-in patient's record, as one FHIR R4 Bundle. */
  everything: (patientId: string): Promise<DownloadedFile> =>
    download(`/fhir/R4/Patient/${encodeURIComponent(patientId)}/$everything`),
}
