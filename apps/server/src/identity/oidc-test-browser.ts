// Just enough of a browser for sign-in flows across two servers: a cookie jar per origin,
// redirects followed by hand (so every hop can be inspected), and the SameSite rule that matters
// here: on a top-level navigation, Strict cookies go only to the site the navigation started on and
// only until the chain has passed through another site; Lax cookies go on every top-level GET.
// Each origin stands for a site (in production Tessera and the provider are different hosts).

export interface StoredCookie {
  value: string
  sameSite: 'strict' | 'lax' | 'none'
  /** The Set-Cookie header as received, for asserting its attributes. */
  header: string
}

export interface Hop {
  url: URL
  status: number
  location: string | null
  /** Names of the cookies this request carried. */
  sent: string[]
  setCookies: string[]
}

export interface NavigateOptions {
  /** Changes a URL before it is requested (the test plays the user or an attacker). */
  rewrite?: (url: URL) => URL
  /** Stops before requesting a URL (the last hop then has status 0 and that URL). */
  stopBefore?: (url: URL) => boolean
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_HOPS = 20

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>()
  /** Every cookie value and authorization-response value this browser saw (they must not be logged). */
  readonly secrets = new Set<string>()

  cookie(origin: string, name: string): StoredCookie | undefined {
    return this.jar.get(origin)?.get(name)
  }

  /** A top-level GET navigation from a page of `start`'s own site, through every redirect. */
  async navigate(start: string, options: NavigateOptions = {}): Promise<Hop[]> {
    const hops: Hop[] = []
    const initiator = new URL(start).origin
    let crossed = false
    let url = new URL(start)
    for (let i = 0; i < MAX_HOPS; i++) {
      url = options.rewrite ? options.rewrite(url) : url
      if (options.stopBefore?.(url)) {
        hops.push({ url, status: 0, location: null, sent: [], setCookies: [] })
        return hops
      }
      if (url.origin !== initiator) crossed = true
      for (const key of ['code', 'state', 'nonce', 'code_challenge']) {
        const value = url.searchParams.get(key)
        if (value) this.secrets.add(value)
      }
      const sendStrict = !crossed && url.origin === initiator
      const sent = this.cookiesFor(url.origin, sendStrict)
      const res = await fetch(url, {
        redirect: 'manual',
        headers: {
          accept: 'text/html',
          ...(sent.length ? { cookie: sent.map(([n, v]) => `${n}=${v}`).join('; ') } : {}),
        },
      })
      await res.arrayBuffer()
      const setCookies = res.headers.getSetCookie()
      this.store(url.origin, setCookies)
      const location = res.headers.get('location')
      hops.push({ url, status: res.status, location, sent: sent.map(([n]) => n), setCookies })
      if (!REDIRECTS.has(res.status) || !location) return hops
      url = new URL(location, url)
    }
    throw new Error(`more than ${MAX_HOPS} redirects`)
  }

  /** A request from a page of the same origin (fetch/XHR): every cookie of that origin goes. */
  async request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> {
    const target = new URL(url)
    const sent = this.cookiesFor(target.origin, true)
    const res = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(init.headers ?? {}),
        ...(sent.length ? { cookie: sent.map(([n, v]) => `${n}=${v}`).join('; ') } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    })
    this.store(target.origin, res.headers.getSetCookie())
    return res
  }

  private cookiesFor(origin: string, includeStrict: boolean): Array<[string, string]> {
    const out: Array<[string, string]> = []
    for (const [name, cookie] of this.jar.get(origin) ?? []) {
      if (cookie.sameSite !== 'strict' || includeStrict) out.push([name, cookie.value])
    }
    return out
  }

  private store(origin: string, headers: string[]): void {
    const cookies = this.jar.get(origin) ?? new Map<string, StoredCookie>()
    this.jar.set(origin, cookies)
    for (const header of headers) {
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const attr = new Map(
        attributes.map((a) => {
          const [k = '', v = ''] = a.split('=')
          return [k.toLowerCase(), v] as const
        }),
      )
      const maxAge = attr.get('max-age')
      const expires = attr.get('expires')
      const gone =
        value === '' ||
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (expires !== undefined && maxAge === undefined && Date.parse(expires) <= Date.now())
      if (gone) {
        cookies.delete(name)
        continue
      }
      const sameSite = (attr.get('samesite') ?? 'lax').toLowerCase()
      this.secrets.add(value)
      cookies.set(name, {
        value,
        sameSite: sameSite === 'strict' || sameSite === 'none' ? sameSite : 'lax',
        header,
      })
    }
  }
}
