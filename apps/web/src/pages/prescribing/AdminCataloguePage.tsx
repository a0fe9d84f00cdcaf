import type { MedicationView } from '@tessera/contracts'
import { useCallback, useState } from 'react'
import { catalogueAdminApi } from '../../api/prescribing.ts'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { Loading } from '../../components/Loading.tsx'
import { PageHeader } from '../../components/PageHeader.tsx'
import type { Area } from '../../lib/areas.ts'
import { useApiData } from '../../lib/use-api-data.ts'
import { AddMedicationForm } from './AddMedicationForm.tsx'
import { medicationLabel } from './prescription-words.ts'
import '../../styles/prescribing.css'

export interface AdminCataloguePageProps {
  area: Area
}

/** The medicines clinicians can prescribe: add a product, retire one (kept for old prescriptions). */
export function AdminCataloguePage({ area }: AdminCataloguePageProps) {
  const load = useCallback((signal: AbortSignal) => catalogueAdminApi.list(signal), [])
  const [list, reload] = useApiData(load)
  const [adding, setAdding] = useState(false)
  const [retiring, setRetiring] = useState<MedicationView | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  return (
    <>
      <PageHeader title="Medicines catalogue" titleContext={area.label}>
        <p>The licensed medicines and cannabis-based products clinicians can prescribe here.</p>
      </PageHeader>
      <Alert tone="success">{notice}</Alert>
      <div className="rx-sections">
        <section className="card stack" aria-labelledby="rx-add-title">
          <h2 id="rx-add-title" className="section-title">
            Add a product
          </h2>
          {adding ? (
            <AddMedicationForm
              onAdded={(m) => {
                setAdding(false)
                setNotice(`${m.name} was added to the catalogue.`)
                reload()
              }}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <div className="button-row">
              <Button onPress={() => setAdding(true)}>Add a product</Button>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="rx-catalogue-title">
          <h2 id="rx-catalogue-title" className="section-title">
            Products
          </h2>
          {list.status === 'loading' ? <Loading label="Loading the catalogue…" /> : null}
          {list.status === 'error' ? <Alert tone="error">{list.message}</Alert> : null}
          {list.status === 'ready' ? (
            <ul className="item-list" aria-labelledby="rx-catalogue-title">
              {list.data.medications.map((m) => (
                <li key={m.id} className="item">
                  <div className="item__main">
                    <p className="item__title">
                      <strong>{medicationLabel(m)}</strong>
                      <span className={`badge badge--${m.kind === 'cbpm' ? 'warning' : 'info'}`}>
                        {m.kind === 'cbpm' ? 'Cannabis-based (unlicensed)' : 'Licensed'}
                      </span>
                      {m.active ? null : <span className="badge badge--danger">Retired</span>}
                    </p>
                    <p className="item__meta">
                      {m.form}, counted in {m.unit} · group {m.therapeuticGroup} · {m.ingredients.join(', ')}
                      {m.thcContent ? ` · THC ${m.thcContent}, CBD ${m.cbdContent ?? '?'}` : ''}
                    </p>
                  </div>
                  {m.active ? (
                    <div className="item__actions">
                      <Button variant="secondary" onPress={() => setRetiring(m)}>
                        Retire<span className="visually-hidden"> {m.name}</span>
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
      <ConfirmDialog
        title="Retire this product?"
        isOpen={retiring !== null}
        confirmLabel="Retire"
        danger
        onConfirm={async () => {
          if (!retiring) return
          await catalogueAdminApi.retire(retiring.id)
          setNotice(`${retiring.name} was retired.`)
          setRetiring(null)
          reload()
        }}
        onClose={() => setRetiring(null)}
      >
        <p>{retiring?.name} can no longer be chosen for new prescriptions. Existing prescriptions keep it.</p>
      </ConfirmDialog>
    </>
  )
}
