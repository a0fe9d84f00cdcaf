// What the lifecycle suite watches on every browser context it opens, for the whole run: every
// request URL (PHI canaries, S38 origins, WebSockets included), the security headers of every HTML
// document (S41), and the body of every 4xx/5xx answer (canaries). The checks at the end of the
// suite read these lists; nothing here fails a step by itself.
import type { BrowserContext, Page, Response } from 'playwright-core'

/** Distinctive strings seeded into the patient's data; none may appear outside the app's pages. */
export const CANARY = {
  name: 'CANARY-NAME-7Q',
  intake: 'CANARY-INTAKE-7Q',
  file: 'CANARY-FILE-7Q',
  note: 'CANARY-NOTE-7Q',
  chat: 'CANARY-CHAT-7Q',
  rx: 'CANARY-RX-7Q',
  message: 'CANARY-MSG-7Q',
} as const

/** Any of the canaries, in any letter case (a log may lower-case, a URL may encode the rest). */
export const CANARY_PATTERN = /canary-[a-z]+-7q/gi

export function canaryHits(text: string): string[] {
  return [...text.matchAll(CANARY_PATTERN)].map((m) => m[0])
}

export interface ErrorAnswer {
  status: number
  url: string
  body: string
}

export interface HeaderFinding {
  url: string
  problem: string
}

export class Observer {
  readonly requestUrls: string[] = []
  readonly foreignRequests: string[] = []
  readonly errorAnswers: ErrorAnswer[] = []
  readonly headerFindings: HeaderFinding[] = []
  readonly documentsChecked: string[] = []
  private readonly pending: Array<Promise<void>> = []

  constructor(private readonly origin: string) {}

  watch(context: BrowserContext): void {
    context.on('request', (req) => this.request(req.url()))
    context.on('response', (res) => this.pending.push(this.response(res)))
    const sockets = (page: Page) => page.on('websocket', (ws) => this.request(ws.url()))
    for (const page of context.pages()) sockets(page)
    context.on('page', sockets)
  }

  /** Waits for the error bodies still being read. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.splice(0))
  }

  private request(url: string): void {
    if (url.startsWith('data:') || url.startsWith('blob:')) return
    this.requestUrls.push(url)
    const parsed = new URL(url)
    const origin = parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin
    if (origin.replace(/^ws/, 'http') !== this.origin) this.foreignRequests.push(url)
  }

  private async response(res: Response): Promise<void> {
    const url = res.url()
    if (!url.startsWith(this.origin)) return
    if (res.request().resourceType() === 'document') this.checkHeaders(url, await res.allHeaders())
    if (res.status() >= 400) {
      const body = await res.text().catch(() => '')
      this.errorAnswers.push({ status: res.status(), url, body })
    }
  }

  /** SECURITY.md S41: CSP (own origin only, frame-ancestors none), HSTS, nosniff, no referrer, and
   * camera/microphone allowed by Permissions-Policy on the consult pages only. */
  private checkHeaders(url: string, headers: Record<string, string>): void {
    const path = new URL(url).pathname
    this.documentsChecked.push(path)
    const problem = (text: string) => this.headerFindings.push({ url: path, problem: text })
    const csp = headers['content-security-policy'] ?? ''
    if (!csp) problem('no Content-Security-Policy')
    if (!/frame-ancestors 'none'/.test(csp)) problem("CSP without frame-ancestors 'none'")
    if (!/default-src 'self'/.test(csp)) problem("CSP without default-src 'self'")
    if (/https?:\/\/|\*/.test(csp)) problem(`CSP names another origin: ${csp}`)
    if (!/max-age=\d+/.test(headers['strict-transport-security'] ?? '')) problem('no HSTS')
    if (headers['x-content-type-options'] !== 'nosniff') problem('no X-Content-Type-Options: nosniff')
    if (headers['referrer-policy'] !== 'no-referrer') problem('Referrer-Policy is not no-referrer')
    const permissions = headers['permissions-policy'] ?? ''
    const consult = /^\/(patient|clinician)\/consult$|^\/consult(\/|$)/.test(path)
    if (!permissions) problem('no Permissions-Policy')
    else if (consult && !/camera=\(self\)/.test(permissions)) problem('consult page without camera=(self)')
    else if (!consult && !/camera=\(\)/.test(permissions)) problem(`camera allowed off the consult page`)
    else if (!consult && !/microphone=\(\)/.test(permissions))
      problem(`microphone allowed off the consult page`)
  }
}
