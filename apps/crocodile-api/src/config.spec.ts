import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the tutorial defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 4000);
    assert.equal(c.minDelayMs, 30);
    assert.equal(c.maxDelayMs, 250);
    assert.equal(c.bodyLimitBytes, 100 * 1024);
    assert.equal(c.readOnly, false);
    assert.equal(c.dbFile, resolve('.data/db.json'));
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DB_FILE: '/tmp/x.json',
      MIN_DELAY_MS: '0',
      MAX_DELAY_MS: '0',
      LOG_LEVEL: 'WARN',
      BODY_LIMIT: '2mb',
      READ_ONLY: 'yes',
      CORS_ORIGINS: 'https://a.example, *',
      MAX_RECORDS: '5000',
      SHUTDOWN_DELAY_MS: '500',
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    assert.deepEqual(c, {
      port: 8080,
      host: '127.0.0.1',
      dbFile: '/tmp/x.json',
      minDelayMs: 0,
      maxDelayMs: 0,
      logLevel: 'warn',
      bodyLimitBytes: 2 * 1024 * 1024,
      readOnly: true,
      corsOrigins: ['https://a.example', '*'],
      maxRecords: 5000,
      shutdownDelayMs: 500,
      shutdownTimeoutMs: 2000,
      headersTimeoutMs: 10000,
      requestTimeoutMs: 30000,
      maxConnectionAgeMs: 5000,
    });
  });

  it('names the variable and the bad value', () => {
    assert.deepEqual(problems({ PORT: 'abc' }), ['PORT must be an integer 0-65535, got "abc"']);
    assert.deepEqual(problems({ PORT: '70000' }), ['PORT must be an integer 0-65535, got "70000"']);
    assert.deepEqual(problems({ MAX_DELAY_MS: '-5' }), [
      'MAX_DELAY_MS must be an integer 0-60000, got "-5"',
    ]);
    assert.deepEqual(problems({ LOG_LEVEL: 'loud' }), [
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
    assert.deepEqual(problems({ BODY_LIMIT: '1gb' }), [
      'BODY_LIMIT must be a size from 1b to 10mb such as 100kb, got "1gb"',
    ]);
    assert.deepEqual(problems({ READ_ONLY: 'maybe' }), [
      'READ_ONLY must be true or false, got "maybe"',
    ]);
    assert.deepEqual(problems({ CORS_ORIGINS: 'evil' }), [
      'CORS_ORIGINS entries must be * or an origin like https://example.com, got "evil"',
    ]);
    assert.deepEqual(problems({ DB_FILE: ' ' }), ['DB_FILE must be a file path, got ""']);
  });

  it('checks that MIN_DELAY_MS does not exceed MAX_DELAY_MS', () => {
    assert.deepEqual(problems({ MIN_DELAY_MS: '300', MAX_DELAY_MS: '100' }), [
      'MIN_DELAY_MS (300) must not exceed MAX_DELAY_MS (100)',
    ]);
  });

  it('keeps the headers timeout within the request timeout', () => {
    assert.deepEqual(problems({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '1000' }), [
      'HEADERS_TIMEOUT_MS (5000) must not exceed REQUEST_TIMEOUT_MS (1000)',
    ]);
  });

  it('reports every problem at once', () => {
    assert.equal(problems({ PORT: 'x', LOG_LEVEL: 'y', BODY_LIMIT: 'z' }).length, 3);
  });

  it('reports a check between two variables beside the other problems, never on a bad value', () => {
    assert.deepEqual(problems({ PORT: 'x', MIN_DELAY_MS: '300', MAX_DELAY_MS: '100' }), [
      'PORT must be an integer 0-65535, got "x"',
      'MIN_DELAY_MS (300) must not exceed MAX_DELAY_MS (100)',
    ]);
    assert.deepEqual(problems({ MIN_DELAY_MS: '300', MAX_DELAY_MS: 'soon' }), [
      'MAX_DELAY_MS must be an integer 0-60000, got "soon"',
    ]);
  });

  it('names each bad CORS origin, and bounds the requests per keep-alive connection', () => {
    assert.deepEqual(problems({ CORS_ORIGINS: 'evil, *, ftp://x' }), [
      'CORS_ORIGINS entries must be * or an origin like https://example.com, got "evil"',
      'CORS_ORIGINS entries must be * or an origin like https://example.com, got "ftp://x"',
    ]);
    assert.deepEqual(problems({ MAX_CONNECTION_AGE_MS: '3600001' }), [
      'MAX_CONNECTION_AGE_MS must be an integer 0-3600000, got "3600001"',
    ]);
    assert.equal(loadConfig({ MAX_CONNECTION_AGE_MS: '0' }).maxConnectionAgeMs, 0);
  });

  it('keeps blanks in the value it shows, except for the paths it trims', () => {
    assert.deepEqual(problems({ PORT: ' 8o ', HOST: '  ' }), [
      'PORT must be an integer 0-65535, got " 8o "',
      'HOST must not be empty, got ""',
    ]);
    assert.equal(loadConfig({ PORT: ' 8080 ' }).port, 8080);
  });
});
