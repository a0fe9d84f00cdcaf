import { Alert } from '../../components/Alert.tsx'
import type { FormIndex } from './response-tree.ts'
import type { SubmitState } from './use-submit.ts'

export interface SubmitAlertProps {
  state: SubmitState
  form: FormIndex
}

/** The server's refusal of a submit, each problem shown with the question it is about. */
export function SubmitAlert({ state, form }: SubmitAlertProps) {
  const failed = state.status === 'failed'
  return (
    <Alert tone="error" title={failed ? 'Your answers were not submitted' : ''}>
      {failed ? (
        <>
          <p>{state.message}</p>
          {state.details.length > 0 ? (
            <ul>
              {state.details.map((detail, i) => {
                const [, linkId = '', rest = detail] = /^([^:]+): (.*)$/.exec(detail) ?? []
                const question = form.def.get(linkId)?.text
                return <li key={i}>{question ? `${question}: ${rest}` : detail}</li>
              })}
            </ul>
          ) : null}
        </>
      ) : null}
    </Alert>
  )
}
