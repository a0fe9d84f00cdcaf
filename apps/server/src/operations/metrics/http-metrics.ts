// Request counts and latency by route template (the registered pattern, `/api/documents/:id`), never
// by URL: no id, query value or other PHI can reach a label. Unmatched requests share one label.
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Series {
  count: number
  sum: number
  buckets: number[]
}

export interface RequestSample {
  method: string
  /** The route template, or undefined when no route matched. */
  template: string | undefined
  status: number
  seconds: number
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export class HttpMetrics {
  private readonly series = new Map<string, Series>()

  observe(sample: RequestSample): void {
    const method = METHODS.has(sample.method) ? sample.method : 'OTHER'
    const route = sample.template ?? 'unmatched'
    const status = `${Math.floor(sample.status / 100)}xx`
    const key = JSON.stringify([method, route, status])
    let s = this.series.get(key)
    if (!s) this.series.set(key, (s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) }))
    s.count++
    s.sum += sample.seconds
    BUCKETS.forEach((b, i) => {
      if (sample.seconds <= b) s.buckets[i]!++
    })
  }

  /** Prometheus text exposition (version 0.0.4) of the histogram. */
  render(): string[] {
    const out = [
      '# HELP tessera_http_request_duration_seconds HTTP requests by method, route template and status class.',
      '# TYPE tessera_http_request_duration_seconds histogram',
    ]
    for (const [key, s] of this.series) {
      const [method, route, status] = JSON.parse(key) as [string, string, string]
      const labels = `method="${esc(method)}",route="${esc(route)}",status="${status}"`
      BUCKETS.forEach((b, i) =>
        out.push(`tessera_http_request_duration_seconds_bucket{${labels},le="${b}"} ${s.buckets[i]}`),
      )
      out.push(`tessera_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`)
      out.push(`tessera_http_request_duration_seconds_sum{${labels}} ${s.sum}`)
      out.push(`tessera_http_request_duration_seconds_count{${labels}} ${s.count}`)
    }
    return out
  }
}

export function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
