import { useCallback } from 'react'
import { pharmacyApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { formatWhen } from '../../components/scheduling/time-words.ts'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { quantityWords } from '../prescribing/prescription-words.ts'
import '../../styles/prescribing.css'

export interface ControlledDrugsPageProps {
  area: Area
}

/** The controlled-drug register: one entry for each Schedule 2 supply by this pharmacy, newest first. */
export function ControlledDrugsPage({ area }: ControlledDrugsPageProps) {
  const load = useCallback((signal: AbortSignal) => pharmacyApi.controlledDrugs(signal), [])
  const [register] = useApiData(load)
  return (
    <>
      <PageHeader title="Controlled-drug register" titleContext={area.label}>
        <p>Every Schedule 2 controlled drug this pharmacy supplied, newest first.</p>
      </PageHeader>
      {register.status === 'loading' ? <Loading label="Loading the register…" /> : null}
      {register.status === 'error' ? <Alert tone="error">{register.message}</Alert> : null}
      {register.status === 'ready' && register.data.entries.length === 0 ? (
        <p className="muted">No entries yet.</p>
      ) : null}
      {register.status === 'ready' && register.data.entries.length > 0 ? (
        <div
          className="rx-table-wrap"
          tabIndex={0}
          role="region"
          aria-label="Register entries (scrolls sideways)"
        >
          <table className="rx-table">
            <thead>
              <tr>
                <th scope="col">No.</th>
                <th scope="col">Supplied</th>
                <th scope="col">Medicine</th>
                <th scope="col">Quantity</th>
                <th scope="col">Batch, expiry</th>
                <th scope="col">Patient</th>
                <th scope="col">Prescriber</th>
                <th scope="col">Pharmacist</th>
              </tr>
            </thead>
            <tbody>
              {register.data.entries.map((e) => (
                <tr key={e.entryNo}>
                  <td>{e.entryNo}</td>
                  <td>{formatWhen(e.suppliedAt)}</td>
                  <td>
                    {e.medicationName}, {e.strength} (Schedule {e.cdSchedule})
                  </td>
                  <td>{quantityWords(e.quantity, e.unit)}</td>
                  <td>
                    {e.batch}, {e.expiry}
                  </td>
                  <td>{e.patientName}</td>
                  <td>{e.prescriberName}</td>
                  <td>{e.pharmacistName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  )
}
