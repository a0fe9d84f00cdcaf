import type { PharmacyTaskState } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { pharmacyApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { PharmacyTaskItem } from './PharmacyTaskItem.tsx'
import '../../styles/prescribing.css'

export interface PharmacyQueuePageProps {
  area: Area
}

type Which = 'work' | 'closed' | 'all'

// The server's "open" ends at dispensing; the pharmacist's work goes on until the hand-over.
const WORK: ReadonlySet<PharmacyTaskState> = new Set(['ready', 'claimed', 'checked', 'dispensed'])
const FETCH: Record<Which, 'all' | 'closed'> = { work: 'all', closed: 'closed', all: 'all' }

/** JOURNEYS.md pharmacist: this pharmacy's prescriptions, overdue first then oldest; claim, check, dispense. */
export function PharmacyQueuePage({ area }: PharmacyQueuePageProps) {
  const [which, setWhich] = useState<Which>('work')
  const load = useCallback(
    async (signal: AbortSignal) => {
      const list = await pharmacyApi.tasks(FETCH[which], signal)
      return which === 'work' ? list.tasks.filter((t) => WORK.has(t.state)) : list.tasks
    },
    [which],
  )
  const [tasks, reload] = useApiData(load)
  const overdue = tasks.status === 'ready' ? tasks.data.filter((t) => t.overdue).length : 0
  return (
    <>
      <PageHeader title="Pharmacy queue" titleContext={area.label}>
        <p>Prescriptions sent to your pharmacy. Claim one, check it, then dispense it or send it back.</p>
      </PageHeader>
      <div className="rx-toolbar">
        <SelectField
          label="Show"
          name="which"
          value={which}
          onChange={(v) => setWhich(v as Which)}
          options={[
            { value: 'work', label: 'To do: up to the hand-over' },
            { value: 'closed', label: 'Closed: handed over or returned' },
            { value: 'all', label: 'All' },
          ]}
        />
        <Button variant="secondary" onPress={reload}>
          Refresh
        </Button>
      </div>
      <Alert tone="error" {...(overdue ? { title: 'Overdue' } : {})}>
        {overdue
          ? `${overdue} prescription${overdue === 1 ? ' has' : 's have'} waited longer than the clinic's limit.`
          : null}
      </Alert>
      {tasks.status === 'loading' ? <Loading label="Loading the queue…" /> : null}
      {tasks.status === 'error' ? <Alert tone="error">{tasks.message}</Alert> : null}
      {tasks.status === 'ready' && tasks.data.length === 0 ? <p className="muted">Nothing here.</p> : null}
      {tasks.status === 'ready' && tasks.data.length > 0 ? (
        <ul className="rx-cards" aria-label="Prescriptions">
          {tasks.data.map((t) => (
            <PharmacyTaskItem key={t.id} task={t} onChanged={reload} />
          ))}
        </ul>
      ) : null}
    </>
  )
}
