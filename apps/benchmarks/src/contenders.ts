/**
 * The contenders, each started as its own process on 127.0.0.1 and an
 * ephemeral port, over its own copy of crocodile-api's seed db.json, and
 * stopped by PID. The same environment for all: NODE_ENV empty (json-server
 * silences its request log under NODE_ENV=test).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCrocodileApi } from '@loadlab/local-stack';
import { freePort, startProcess, waitUntilReady, type Proc } from '@loadlab/process-supervisor';
import { CROCODILE_API_MAIN, workspacePath } from '@loadlab/workspace';
import { LISTENING_LINE } from './servers/serve.ts';

export const SEED_DB = workspacePath('apps/crocodile-api/src/seed/db.json');

export interface Running {
  readonly url: string;
  readonly dbFile: string;
  readonly pid: number;
  stop(): Promise<number | string>;
}

export interface StartOptions {
  /** A directory of its own: the db copy lives here, and json-server's cwd. */
  readonly dir: string;
  /** e.g. --cpu-prof and its directory. */
  readonly nodeArgs?: readonly string[];
}

export interface Contender {
  readonly id: string;
  readonly label: string;
  start(o: StartOptions): Promise<Running>;
}

const SAME_ENV = { NODE_ENV: '' };
const JSON_SERVER_CLI = join(
  dirname(createRequire(import.meta.url).resolve('json-server/package.json')),
  'lib/cli/bin.js',
);
const server = (file: string) => fileURLToPath(new URL(`./servers/${file}`, import.meta.url));

async function seedCopy(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const dbFile = join(dir, 'db.json');
  await copyFile(SEED_DB, dbFile);
  return dbFile;
}

/** Resolves once `ready` holds, or fails with the process's last lines if it exits first. */
const whenReady = (proc: Proc, what: string, ready: () => Promise<string | undefined>) =>
  waitUntilReady(proc, ready, { what, timeoutMs: 20_000, stopSignal: 'SIGKILL' });

/** One of the benchmark's own servers (src/servers), which announce their URL. */
function benchServer(
  id: string,
  label: string,
  file: string,
  env: Record<string, string> = {},
): Contender {
  return {
    id,
    label,
    async start({ dir, nodeArgs = [] }) {
      const dbFile = await seedCopy(dir);
      const proc = startProcess(process.execPath, [...nodeArgs, server(file)], {
        name: label,
        env: { ...process.env, ...SAME_ENV, DB_FILE: dbFile, ...env },
        cwd: dir,
      });
      const url = await whenReady(
        proc,
        'announcing its URL',
        async () => LISTENING_LINE.exec(proc.output())?.[1],
      );
      return { url, dbFile, pid: proc.pid, stop: () => proc.stop() };
    },
  };
}

export const crocodileApi: Contender = {
  id: 'crocodile-api',
  label: 'crocodile-api (full instrumentation, info logs)',
  async start({ dir, nodeArgs }) {
    const dbFile = await seedCopy(dir);
    const api = await startCrocodileApi({
      main: CROCODILE_API_MAIN,
      dbFile,
      nodeArgs,
      env: { ...SAME_ENV, LOG_LEVEL: 'info', MIN_DELAY_MS: '0', MAX_DELAY_MS: '0' },
    });
    return { url: api.url, dbFile, pid: api.proc.pid, stop: () => api.stop() };
  },
};

/** json-server's own CLI, as its README runs it; --quiet turns its request log off. */
export const bareJsonServer: Contender = {
  id: 'json-server',
  label: 'bare json-server 0.17.4',
  async start({ dir, nodeArgs = [] }) {
    const dbFile = await seedCopy(dir);
    const port = await freePort();
    const args = [dbFile, '--host', '127.0.0.1', '--port', String(port), '--quiet'];
    const proc = startProcess(process.execPath, [...nodeArgs, JSON_SERVER_CLI, ...args], {
      name: 'json-server',
      env: { ...process.env, ...SAME_ENV },
      cwd: dir,
    });
    const url = `http://127.0.0.1:${port}`;
    await whenReady(proc, `answering ${url}/crocodiles`, async () =>
      (await fetch(`${url}/crocodiles`).catch(() => undefined))?.ok ? url : undefined,
    );
    return { url, dbFile, pid: proc.pid, stop: () => proc.stop() };
  },
};

export const tutorialWithLog = benchServer(
  'tutorial-log',
  "tutorial's app, request log on",
  'json-server-app.ts',
  { METRICS: 'tailorbrands', REQUEST_LOG: 'on' },
);
/** Also the tailorbrands row of the middleware table: the same app. */
export const tutorial = benchServer(
  'tutorial',
  "tutorial's app, log off (json-server + tailorbrands exporter)",
  'json-server-app.ts',
  { METRICS: 'tailorbrands', REQUEST_LOG: 'off' },
);
export const rawNode = benchServer('raw-node', 'raw node:http, same bytes', 'raw-node.ts');

export const middlewareNone = benchServer(
  'mw-none',
  'json-server app, no metrics',
  'json-server-app.ts',
  { METRICS: 'none' },
);
export const middlewareLoadlab = benchServer(
  'mw-loadlab',
  'json-server app + @loadlab/metrics',
  'json-server-app.ts',
  { METRICS: 'loadlab' },
);
export const middlewarePromBundle = benchServer(
  'mw-prom-bundle',
  'json-server app + express-prom-bundle (method, path)',
  'json-server-app.ts',
  { METRICS: 'prom-bundle' },
);

export const seriesFixture = (routes: number): Contender =>
  benchServer('series-fixture', `@loadlab/metrics fixture, ${routes} routes`, 'series-fixture.ts', {
    ROUTES: String(routes),
  });

/**
 * Sections 1 and 2 (the tailorbrands row of 2 is `tutorial`). The order
 * matters: neighbours are measured back to back, so each ratio a target is
 * judged on (crocodile-api / json-server, @loadlab/metrics / none) is between neighbours.
 */
export const GET_CONTENDERS: readonly Contender[] = [
  crocodileApi,
  bareJsonServer,
  tutorialWithLog,
  rawNode,
  tutorial,
  middlewarePromBundle,
  middlewareNone,
  middlewareLoadlab,
];
