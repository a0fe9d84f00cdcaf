// The part of oidc-provider (a devDependency that ships no types) the test provider uses
// (oidc-test-provider.ts). Names follow the package's documentation for version 9.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  import type { JsonWebKey } from 'node:crypto'

  export interface AccountClaims {
    sub: string
    [claim: string]: unknown
  }

  export interface Account {
    accountId: string
    claims(use: string, scope: string): Promise<AccountClaims> | AccountClaims
  }

  export interface KoaContextWithOIDC {
    oidc: { provider: Provider }
  }

  export interface ClientMetadata {
    client_id: string
    client_secret: string
    redirect_uris: string[]
    require_auth_time?: boolean
  }

  export interface Configuration {
    clients?: ClientMetadata[]
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>
    claims?: Record<string, string[]>
    features?: Record<string, { enabled: boolean }>
    interactions?: { url(ctx: KoaContextWithOIDC, interaction: { uid: string }): string }
    cookies?: { keys: string[] }
    jwks?: { keys: JsonWebKey[] }
  }

  export interface InteractionDetails {
    uid: string
    prompt: {
      name: string
      details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[] }
    }
    params: Record<string, unknown>
    session?: { accountId?: string }
    grantId?: string
  }

  export interface InteractionResults {
    login?: { accountId: string; amr?: string[]; acr?: string; remember?: boolean }
    consent?: { grantId: string }
    error?: string
    error_description?: string
  }

  export interface Grant {
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: string[]): void
    save(): Promise<string>
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    readonly issuer: string
    Grant: new (properties: { accountId: string; clientId: string }) => Grant
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
  }
}
