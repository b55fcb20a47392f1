/** Starts a real crocodile-api on an ephemeral port with its db in a temp dir. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startProcess } from '@loadlab/process-supervisor';
import { listen, makeTempDir } from '@loadlab/testkit';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase, readStore, type Database, type DbState } from './db/database.ts';
import { Lifecycle } from './http/lifecycle.ts';
import seed from './seed/db.json' with { type: 'json' };

export { seed };
export const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Databases opened by startTestApi in this process, by DB_FILE. */
const openHere = new Map<string, Database>();

export interface TestApiOptions {
  /** Extra env, e.g. { MIN_DELAY_MS: '0' }. The delay is off unless set. */
  readonly env?: Record<string, string>;
  /** Initial db content; the seed by default. */
  readonly state?: DbState;
  readonly random?: () => number;
}

export async function startTestApi(options: TestApiOptions = {}) {
  const dir = await makeTempDir('crocodile-api-');
  const dbFile = join(dir.path, 'db.json');
  if (options.state) await writeFile(dbFile, JSON.stringify(options.state));
  const config = loadConfig({
    MIN_DELAY_MS: '0',
    MAX_DELAY_MS: '0',
    DB_FILE: dbFile,
    ...options.env,
  });
  const db = await openDatabase({ file: dbFile, seed, readOnly: config.readOnly });
  openHere.set(dbFile, db);
  const registry = new Registry();
  const lifecycle = new Lifecycle();
  lifecycle.phase = 'ready';
  const app = createApp(config, {
    db,
    logger: pino({ level: 'silent' }),
    registry,
    lifecycle,
    random: options.random,
  });
  const server = await listen(app);
  return {
    url: server.url,
    db,
    dbFile,
    lifecycle,
    registry,
    async close() {
      await server.close();
      openHere.delete(dbFile);
      await db.close();
      await dir.remove();
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;

/**
 * What a restart would serve, read from the SQLite store (never from memory):
 * through the open connection when this process holds it, else as a reader
 * beside the running process (WAL mode lets readers in).
 */
export async function readDurable(dbFile: string): Promise<Record<string, any>> {
  const open = openHere.get(dbFile);
  if (open) return open.durableState();
  return readStore(dbFile);
}

/** fetch + JSON, for brevity in tests. */
export async function call(url: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers:
      json === undefined ? rest.headers : { 'content-type': 'application/json', ...rest.headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Runs main.ts as a real process (PORT=0) and waits for its info-level "listening" line. */
export async function spawnApi(env: Record<string, string>, startTimeoutMs = 15_000) {
  const proc = startProcess(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MIN_DELAY_MS: '0',
      MAX_DELAY_MS: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  try {
    const [, url] = await proc.waitForOutput(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/, startTimeoutMs);
    return { proc, url: url! };
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}

const goodCroc = { name: 'Epilogue', sex: 'F', date_of_birth: '2001-02-03', age: 5 };

/**
 * After any attack: the service still takes a good POST, DELETE and list, is
 * ready, and exits 0 on SIGTERM (issue 27: every test ends this way).
 */
export async function assertStillServesThenStops(api: Awaited<ReturnType<typeof spawnApi>>) {
  const created = await call(`${api.url}/crocodiles`, { method: 'POST', json: goodCroc });
  assert.equal(created.status, 201, `a good POST after the test: ${JSON.stringify(created.body)}`);
  const id = encodeURIComponent(String(created.body.id));
  assert.deepEqual((await call(`${api.url}/crocodiles/${id}`)).body, created.body);
  assert.equal((await call(`${api.url}/crocodiles/${id}`, { method: 'DELETE' })).status, 200);
  assert.equal((await call(`${api.url}/crocodiles/${id}`)).status, 404);
  const list = await call(`${api.url}/crocodiles?_limit=5`);
  assert.equal(list.status, 200);
  assert.ok(Array.isArray(list.body));
  assert.equal((await call(`${api.url}/readyz`)).status, 200, 'ready');
  assert.equal(
    await api.proc.stop('SIGTERM'),
    0,
    `exit 0 on SIGTERM; output:\n${api.proc.output().slice(-2000)}`,
  );
}
