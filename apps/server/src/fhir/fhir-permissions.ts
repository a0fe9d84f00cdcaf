// Type-level permission: does this role (and, for a SMART app, this token's scopes) allow this
// interaction on this resource type at all? Which records is the access policy's job (store SQL).
import type { Actor } from '../access/actor.ts'
import { AppError } from '../platform/errors.ts'
import { scopeAllows, type SmartInteraction } from '../smart/smart-scopes.ts'
import { TYPE_POLICIES, type ResourceType } from './resource-types.ts'

export type Interaction = 'read' | 'search' | 'create' | 'update' | 'delete'

const SMART_LETTER: Record<Interaction, SmartInteraction> = {
  read: 'r',
  search: 's',
  create: 'c',
  update: 'u',
  delete: 'd',
}

export function allows(actor: Actor, type: ResourceType, interaction: Interaction): boolean {
  const policy = TYPE_POLICIES[type]
  const roles = interaction === 'search' ? policy.read : policy[interaction]
  if (!roles.includes(actor.role)) return false
  return !actor.app || scopeAllows(actor.app.scopes, type, SMART_LETTER[interaction])
}

export function assertAllowed(actor: Actor, type: ResourceType, interaction: Interaction): void {
  if (allows(actor, type, interaction)) return
  const policy = TYPE_POLICIES[type]
  const roles = interaction === 'search' ? policy.read : policy[interaction]
  if (policy.managedBy && interaction !== 'read' && interaction !== 'search') {
    throw new AppError('not-allowed', `${type} records are changed only through ${policy.managedBy}.`)
  }
  if (interaction === 'delete' && roles.length === 0) {
    throw new AppError('not-allowed', `${type} records are not deleted; mark them entered-in-error instead.`)
  }
  const why = roles.includes(actor.role)
    ? `This app was not given permission to ${interaction} ${type} records.`
    : `Your role does not give access to ${interaction} ${type} records.`
  throw new AppError('forbidden', why)
}
