// One validated configuration schema. Sources, later ones winning:
// built-in defaults -> tessera.config.json (optional) -> environment variables -> CLI flags.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
    dataDir: Type.String({ minLength: 1, default: './data' }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    databaseSchema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
    databasePoolSize: Type.Integer({ minimum: 1, maximum: 200, default: 4 }),
    redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
    tlsCertFile: Type.Optional(Type.String({ minLength: 1 })),
    tlsKeyFile: Type.Optional(Type.String({ minLength: 1 })),
    tlsSelfSigned: Type.Boolean({ default: false }),
    trustProxy: Type.Boolean({ default: false }),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
      { default: 'info' },
    ),
    rateLimitPerMinute: Type.Integer({ minimum: 1, default: 600 }),
    webDir: Type.Optional(Type.String({ minLength: 1 })),
    masterKey: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })),
    masterKeyFile: Type.Optional(Type.String({ minLength: 1 })),
    smtpHost: Type.Optional(Type.String({ minLength: 1 })),
    smtpPort: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
    smtpSecure: Type.Boolean({ default: false }),
    smtpStarttls: Type.Union([Type.Literal('required'), Type.Literal('opportunistic'), Type.Literal('off')], {
      default: 'required',
    }),
    smtpUser: Type.Optional(Type.String({ minLength: 1 })),
    smtpPassword: Type.Optional(Type.String({ minLength: 1 })),
    mailFrom: Type.String({ minLength: 3, default: 'no-reply@localhost' }),
    mailFromName: Type.String({ minLength: 1, default: 'Your clinic' }),
    sessionIdleStaffMinutes: Type.Integer({ minimum: 1, maximum: 240, default: 15 }),
    sessionIdlePatientMinutes: Type.Integer({ minimum: 1, maximum: 240, default: 30 }),
    sessionAbsoluteHours: Type.Integer({ minimum: 1, maximum: 24, default: 12 }),
    auditAnchorFile: Type.Optional(Type.String({ minLength: 1 })),
    auditAnchorUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    clinicTimeZone: Type.String({ minLength: 1, default: 'Europe/London' }),
    careTeamDays: Type.Integer({ minimum: 1, maximum: 3650, default: 365 }),
    oidcIssuer: Type.Optional(Type.String({ pattern: '^https?://' })),
    oidcClientId: Type.Optional(Type.String({ minLength: 1 })),
    oidcClientSecret: Type.Optional(Type.String({ minLength: 1 })),
    /** Also told of every misuse alert (S23), besides the privacy officers. */
    securityContactEmail: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 254 })),
    /** Largest document upload accepted, in bytes (S35); 25 MB by default. */
    uploadMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 25 * 1024 * 1024 }),
    /** clamd's TCP address (host:port): uploads are virus-scanned; without it they are marked not-scanned. */
    clamd: Type.Optional(Type.String({ pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[^:\\s\\[\\]]+):[0-9]{1,5}$' })),
    /** Where encrypted document blobs are kept; defaults to <data>/blobs. */
    blobDir: Type.Optional(Type.String({ minLength: 1 })),
    /** SMS reminders: no provider is bundled; 'log' records that a message was sent, never its text. */
    smsTransport: Type.Union([Type.Literal('none'), Type.Literal('log')], { default: 'none' }),
    /** TURN servers for video calls, comma-separated (`turn:turn.example.org:3478?transport=udp,turns:...`). */
    turnUrls: Type.Optional(Type.String({ pattern: '^turns?:[^,\\s]+(,turns?:[^,\\s]+)*$' })),
    /** coturn's `static-auth-secret` (use-auth-secret): TURN credentials are derived from it. */
    turnSecret: Type.Optional(Type.String({ minLength: 16 })),
    /** A pharmacy task still open this many hours after it arrived raises an alert (prescribing/). */
    pharmacyTaskAlertHours: Type.Integer({ minimum: 1, maximum: 720, default: 24 }),
    /** Adult health records are kept this many years after the last contact (NHS Records Management Code; operations/). */
    retentionAdultYears: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
    /** Bearer token for GET /metrics (operations/); metrics are off when unset. */
    metricsToken: Type.Optional(Type.String({ minLength: 24 })),
  },
  { additionalProperties: false },
)
export type Config = Static<typeof ConfigSchema>
type ConfigKey = keyof Config

/** Environment variable for each setting; the README's configuration table mirrors this. */
export const ENV_NAMES: Record<ConfigKey, string> = {
  host: 'TESSERA_HOST',
  port: 'TESSERA_PORT',
  dataDir: 'TESSERA_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'TESSERA_DATABASE_SCHEMA',
  databasePoolSize: 'TESSERA_DATABASE_POOL_SIZE',
  redisUrl: 'REDIS_URL',
  publicUrl: 'TESSERA_PUBLIC_URL',
  tlsCertFile: 'TESSERA_TLS_CERT',
  tlsKeyFile: 'TESSERA_TLS_KEY',
  tlsSelfSigned: 'TESSERA_TLS_SELF_SIGNED',
  trustProxy: 'TESSERA_TRUST_PROXY',
  logLevel: 'LOG_LEVEL',
  rateLimitPerMinute: 'TESSERA_RATE_LIMIT_PER_MINUTE',
  webDir: 'TESSERA_WEB_DIR',
  masterKey: 'TESSERA_MASTER_KEY',
  masterKeyFile: 'TESSERA_MASTER_KEY_FILE',
  smtpHost: 'SMTP_HOST',
  smtpPort: 'SMTP_PORT',
  smtpSecure: 'SMTP_SECURE',
  smtpStarttls: 'SMTP_STARTTLS',
  smtpUser: 'SMTP_USER',
  smtpPassword: 'SMTP_PASSWORD',
  mailFrom: 'MAIL_FROM',
  mailFromName: 'MAIL_FROM_NAME',
  sessionIdleStaffMinutes: 'TESSERA_SESSION_IDLE_STAFF_MINUTES',
  sessionIdlePatientMinutes: 'TESSERA_SESSION_IDLE_PATIENT_MINUTES',
  sessionAbsoluteHours: 'TESSERA_SESSION_ABSOLUTE_HOURS',
  careTeamDays: 'TESSERA_CARE_TEAM_DAYS',
  clinicTimeZone: 'TESSERA_CLINIC_TIME_ZONE',
  auditAnchorFile: 'TESSERA_AUDIT_ANCHOR_FILE',
  auditAnchorUrl: 'TESSERA_AUDIT_ANCHOR_URL',
  oidcIssuer: 'OIDC_ISSUER',
  oidcClientId: 'OIDC_CLIENT_ID',
  oidcClientSecret: 'OIDC_CLIENT_SECRET',
  securityContactEmail: 'TESSERA_SECURITY_CONTACT',
  uploadMaxBytes: 'TESSERA_UPLOAD_MAX_BYTES',
  clamd: 'TESSERA_CLAMD',
  blobDir: 'TESSERA_BLOB_DIR',
  smsTransport: 'TESSERA_SMS_TRANSPORT',
  turnUrls: 'TESSERA_TURN_URLS',
  turnSecret: 'TESSERA_TURN_SECRET',
  pharmacyTaskAlertHours: 'TESSERA_PHARMACY_TASK_ALERT_HOURS',
  retentionAdultYears: 'TESSERA_RETENTION_ADULT_YEARS',
  metricsToken: 'TESSERA_METRICS_TOKEN',
}

const SECRET_SETTINGS = new Set([
  'masterKey',
  'smtpPassword',
  'oidcClientSecret',
  'databaseUrl',
  'turnSecret',
  'metricsToken',
])

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

const FORMS: Partial<Record<ConfigKey, string>> = {
  databaseUrl: 'postgres://user:password@host:5432/database',
  redisUrl: 'redis://host:6379',
  publicUrl: 'https://clinic.example.org (scheme and host, no path)',
  databaseSchema: 'a lower-case SQL identifier',
  logLevel: 'one of fatal, error, warn, info, debug, trace, silent',
  masterKey: '32 random bytes in base64 (openssl rand -base64 32)',
  smtpStarttls: 'one of required, opportunistic, off',
  uploadMaxBytes: 'a number of bytes from 1024 to 1073741824 (default 26214400, 25 MB)',
  clamd: 'host:port of clamd, e.g. 127.0.0.1:3310',
  smsTransport: 'one of none, log',
  turnUrls: 'comma-separated turn: or turns: URLs, e.g. turn:turn.example.org:3478',
  turnSecret: "coturn's static-auth-secret, at least 16 characters",
  pharmacyTaskAlertHours: 'a whole number of hours from 1 to 720 (default 24)',
  retentionAdultYears: 'a whole number of years from 1 to 100 (default 8)',
  metricsToken: 'a random token of at least 24 characters (openssl rand -hex 24)',
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, name] of Object.entries(ENV_NAMES) as Array<[ConfigKey, string]>) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    out[key] = raw
  }
  if (out['port'] === undefined && env['PORT']) out['port'] = env['PORT']
  return out
}

function coerce(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input }
  for (const [key, value] of Object.entries(out)) {
    if (typeof value !== 'string') continue
    const schema = ConfigSchema.properties[key as ConfigKey] as { type?: string } | undefined
    if (schema?.type === 'integer' && /^-?\d+$/.test(value.trim())) out[key] = Number(value)
    if (schema?.type === 'boolean' && /^(true|false|1|0)$/i.test(value.trim()))
      out[key] = /^(true|1)$/i.test(value.trim())
  }
  return out
}

function describe(key: string): string {
  const env = ENV_NAMES[key as ConfigKey]
  return env ? `${env} (${key})` : key
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv
  overrides?: Partial<Config>
  configFile?: string
}

/** Loads and validates; throws ConfigError naming the variable and the expected form. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env
  const file = options.configFile ?? env['TESSERA_CONFIG'] ?? 'tessera.config.json'
  let fromFile: Record<string, unknown> = {}
  if (existsSync(file)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ConfigError(`${file}: expected a JSON object`)
      }
      fromFile = parsed as Record<string, unknown>
    } catch (err) {
      if (err instanceof ConfigError) throw err
      throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`)
    }
  }
  const merged = coerce({ ...fromFile, ...fromEnv(env), ...(options.overrides ?? {}) })
  for (const key of Object.keys(merged)) {
    if (!(key in ConfigSchema.properties)) throw new ConfigError(`unknown setting "${key}" in ${file}`)
  }
  const withDefaults = Value.Default(ConfigSchema, merged) as Record<string, unknown>
  const first = Value.Errors(ConfigSchema, withDefaults)[0]
  if (first) {
    const key = first.instancePath.replace(/^\//, '').split('/')[0] ?? ''
    const form = FORMS[key as ConfigKey] ?? first.message
    throw new ConfigError(
      `invalid ${describe(key)}: expected ${form}, got ${SECRET_SETTINGS.has(key) ? '(hidden)' : JSON.stringify(withDefaults[key])}`,
    )
  }
  const config = withDefaults as Config
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    throw new ConfigError(`${ENV_NAMES.tlsCertFile} and ${ENV_NAMES.tlsKeyFile} must be set together`)
  }
  if (config.oidcIssuer && !(config.oidcClientId && config.oidcClientSecret)) {
    throw new ConfigError(
      `${ENV_NAMES.oidcIssuer} needs ${ENV_NAMES.oidcClientId} and ${ENV_NAMES.oidcClientSecret}`,
    )
  }
  return { ...config, dataDir: resolve(config.dataDir) }
}

/** For messages and logs: the database target without its password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL in ${resolve(config.dataDir, 'db')}`
  try {
    const url = new URL(config.databaseUrl)
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`
  } catch {
    return 'PostgreSQL (unparseable DATABASE_URL)'
  }
}
