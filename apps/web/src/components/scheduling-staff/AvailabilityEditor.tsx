import type { ClinicianAvailability } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { schedulingStaffApi } from '../../api/scheduling-admin.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { Loading } from '../Loading.tsx'
import { draftRules, type DraftRule } from './availability-draft.ts'
import { ExceptionForm } from './ExceptionForm.tsx'
import { ExceptionList } from './ExceptionList.tsx'
import { LoadProblem } from './LoadProblem.tsx'
import { WeeklyRulesForm } from './WeeklyRulesForm.tsx'
import { WeekPreview } from './WeekPreview.tsx'

/** One clinician's availability: weekly hours, a week preview, and leave and extra sessions. */
export function AvailabilityEditor({ clinicianId }: { clinicianId: string }) {
  const load = useCallback(
    (signal: AbortSignal) => schedulingStaffApi.availability(clinicianId, signal),
    [clinicianId],
  )
  const [data, reload] = useApiData(load)
  if (data.status === 'loading') return <Loading label="Loading availability…" />
  if (data.status === 'error')
    return <LoadProblem title="We could not load the availability" message={data.message} onRetry={reload} />
  return <Editor initial={data.data} />
}

function Editor({ initial }: { initial: ClinicianAvailability }) {
  const [saved, setSaved] = useState(initial)
  const [rules, setRules] = useState<DraftRule[]>(() => draftRules(initial.rules))
  const [timeZone, setTimeZone] = useState(initial.timeZone)

  return (
    <div className="stack">
      <section className="card" aria-labelledby="preview-title">
        <h2 id="preview-title" className="section-title">
          {`${saved.name}: week at a glance`}
        </h2>
        <p className="muted">{`In ${timeZone.replaceAll('_', ' ')}. Unsaved changes to the weekly hours show here too.`}</p>
        <WeekPreview rules={rules} exceptions={saved.exceptions} timeZone={timeZone} />
      </section>
      <section className="card" aria-labelledby="weekly-title">
        <h2 id="weekly-title" className="section-title">
          Weekly hours
        </h2>
        <WeeklyRulesForm
          availability={saved}
          rules={rules}
          timeZone={timeZone}
          onRulesChange={setRules}
          onTimeZoneChange={setTimeZone}
          onSaved={(next) => {
            setSaved(next)
            setRules(draftRules(next.rules))
            setTimeZone(next.timeZone)
          }}
        />
      </section>
      <section className="card" aria-labelledby="exceptions-title">
        <h2 id="exceptions-title" className="section-title">
          Leave and extra sessions
        </h2>
        <ExceptionList
          clinicianId={saved.clinicianId}
          timeZone={saved.timeZone}
          exceptions={saved.exceptions}
          onDeleted={setSaved}
        />
        <ExceptionForm clinicianId={saved.clinicianId} timeZone={saved.timeZone} onAdded={setSaved} />
      </section>
    </div>
  )
}
