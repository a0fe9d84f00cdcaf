// TypeBox schemas of the HTTP API: the server validates with them, the web app takes its types
// from them. One schema per shape.
export * from './errors.ts'
export * from './health.ts'
export * from './setup.ts'
export * from './auth.ts'
export * from './account.ts'
export * from './registration.ts'
export * from './staff.ts'
export * from './access.ts'
export * from './oidc.ts'
export * from './passkeys.ts'
export * from './audit.ts'
export * from './alerts.ts'
