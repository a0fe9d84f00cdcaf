// A real OpenID provider for tests (oidc-provider, in-memory), on 127.0.0.1 and a free port.
// Its login page is replaced by a scripted one: GET /interaction/<uid>?as=<subject> signs in as
// that test identity with the `amr` it was given; ?deny=1 declines, as a person pressing "cancel"
// would. Consent is granted for whatever the client asked.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import Provider, { type InteractionResults } from 'oidc-provider'

export interface TestIdentity {
  email: string
  emailVerified: boolean
  /** RFC 8176 methods the provider reports for this person's sign-in. */
  amr: string[]
}

export interface TestProviderOptions {
  clientId: string
  clientSecret: string
  redirectUri: string
}

export interface TestProvider {
  issuer: string
  /** Test identities by subject; add or change them at any time. */
  identities: Map<string, TestIdentity>
  close(): Promise<void>
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const identities = new Map<string, TestIdentity>()
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end()
  const server = createServer((req, res) => handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        // auth_time in every ID token (OIDC Registration 2): Tessera dates the factor check by it.
        require_auth_time: true,
      },
    ],
    findAccount: async (_ctx, sub) => {
      const identity = identities.get(sub)
      if (!identity) return undefined
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: identity.email,
          email_verified: identity.emailVerified,
          amr: identity.amr,
        }),
      }
    },
    // amr and acr with the openid scope: in every ID token, as most providers do.
    claims: { openid: ['sub', 'amr', 'acr'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
  })

  const oidc = provider.callback()
  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer)
    if (!url.pathname.startsWith('/interaction/')) return oidc(req, res)
    interact(provider, identities, url, req, res).catch(() => {
      res.statusCode = 500
      res.end('interaction failed')
    })
  }

  return {
    issuer,
    identities,
    close: () => new Promise<void>((resolve) => closeServer(server, resolve)),
  }
}

async function interact(
  provider: Provider,
  identities: Map<string, TestIdentity>,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res)
  let result: InteractionResults
  let merge = false
  if (url.searchParams.get('deny') === '1') {
    result = { error: 'access_denied', error_description: 'End-User aborted interaction' }
  } else if (details.prompt.name === 'login') {
    const sub = url.searchParams.get('as') ?? ''
    const identity = identities.get(sub)
    if (!identity) {
      res.statusCode = 400
      res.end('unknown test identity: pass ?as=<subject>')
      return
    }
    result = { login: { accountId: sub, amr: identity.amr, remember: false } }
  } else {
    const grant = new provider.Grant({
      accountId: details.session?.accountId ?? '',
      clientId: String(details.params['client_id']),
    })
    if (details.prompt.details.missingOIDCScope)
      grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '))
    if (details.prompt.details.missingOIDCClaims)
      grant.addOIDCClaims(details.prompt.details.missingOIDCClaims)
    result = { consent: { grantId: await grant.save() } }
    merge = true
  }
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: merge })
}

function closeServer(server: Server, done: () => void): void {
  server.closeAllConnections()
  server.close(() => done())
}

/** A port that was free a moment ago (for a server whose own URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const probe = createNetServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
