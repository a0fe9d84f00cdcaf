import { Type, type Static } from 'typebox'

export const ErrorDetail = Type.Object(
  {
    path: Type.String({ description: 'Where the problem is: a JSON pointer, a parameter or a FHIR path' }),
    message: Type.String(),
  },
  { additionalProperties: false },
)

/** The one error shape of every non-FHIR route. 5xx bodies never carry details. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String(),
        message: Type.String(),
        requestId: Type.Optional(Type.String()),
        details: Type.Optional(Type.Array(ErrorDetail)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type ErrorBody = Static<typeof ErrorBody>
