import { Type, type Static } from 'typebox'

export const HealthStatus = Type.Object({ status: Type.Literal('ok'), version: Type.String() })
export type HealthStatus = Static<typeof HealthStatus>

export const ReadyStatus = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  pendingMigrations: Type.Array(Type.String()),
})
export type ReadyStatus = Static<typeof ReadyStatus>
