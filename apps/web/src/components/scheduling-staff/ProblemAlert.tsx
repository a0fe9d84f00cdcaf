import { Alert } from '../Alert.tsx'
import type { BookingProblem } from './appointment-errors.ts'

/** A refused booking or reschedule, with the next free times or what the patient still has to do. */
export function ProblemAlert({ problem }: { problem: BookingProblem | null }) {
  return (
    <Alert tone="error" {...(problem ? { title: problem.title } : {})}>
      {problem ? (
        <>
          <p>{problem.message}</p>
          {problem.items.length > 0 ? (
            <>
              {problem.taken ? (
                <p>The next free times are listed below; these were free a moment ago:</p>
              ) : null}
              <ul>
                {problem.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Alert>
  )
}
