import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, describeDatabase, loadConfig } from './config.ts'

const noFile = '/nonexistent/tessera.config.json'

test('defaults give an embedded database in ./data on 127.0.0.1:3000', () => {
  const config = loadConfig({ env: {}, configFile: noFile })
  assert.equal(config.port, 3000)
  assert.equal(config.host, '127.0.0.1')
  assert.equal(config.databaseUrl, undefined)
  assert.match(config.dataDir, /\/data$/)
  assert.match(describeDatabase(config), /embedded PostgreSQL/)
})

test('environment variables override the file, CLI overrides win', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
  const file = join(dir, 'tessera.config.json')
  writeFileSync(file, JSON.stringify({ port: 4000, logLevel: 'warn' }))
  const config = loadConfig({
    env: { TESSERA_PORT: '4100' },
    configFile: file,
    overrides: { host: '0.0.0.0' },
  })
  assert.equal(config.port, 4100)
  assert.equal(config.logLevel, 'warn')
  assert.equal(config.host, '0.0.0.0')
})

test('an invalid value names the variable and the expected form', () => {
  assert.throws(
    () => loadConfig({ env: { TESSERA_PORT: 'eighty' }, configFile: noFile }),
    (err: Error) =>
      err instanceof ConfigError && /TESSERA_PORT/.test(err.message) && /"eighty"/.test(err.message),
  )
  assert.throws(
    () => loadConfig({ env: { DATABASE_URL: 'mysql://x' }, configFile: noFile }),
    (err: Error) => /DATABASE_URL/.test(err.message) && /postgres:\/\//.test(err.message),
  )
  assert.throws(
    () => loadConfig({ env: { TESSERA_PORT: '70000' }, configFile: noFile }),
    (err: Error) => /TESSERA_PORT/.test(err.message),
  )
})

test('unknown settings in the file and malformed JSON are rejected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'))
  const file = join(dir, 'tessera.config.json')
  writeFileSync(file, JSON.stringify({ prot: 1 }))
  assert.throws(() => loadConfig({ env: {}, configFile: file }), /unknown setting "prot"/)
  writeFileSync(file, '{ "port": ')
  assert.throws(() => loadConfig({ env: {}, configFile: file }), /not valid JSON/)
})

test('a TLS certificate needs its key', () => {
  assert.throws(
    () => loadConfig({ env: { TESSERA_TLS_CERT: '/etc/cert.pem' }, configFile: noFile }),
    /TESSERA_TLS_CERT and TESSERA_TLS_KEY must be set together/,
  )
})

test('the database description never shows the password', () => {
  const config = loadConfig({
    env: { DATABASE_URL: 'postgres://app:s3cret@db.internal:6543/tessera' },
    configFile: noFile,
  })
  const text = describeDatabase(config)
  assert.equal(text, 'PostgreSQL at db.internal:6543/tessera')
  assert.doesNotMatch(text, /s3cret/)
})
