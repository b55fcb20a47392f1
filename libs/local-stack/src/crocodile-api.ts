/**
 * crocodile-api as a real process on 127.0.0.1 (its source, run by Node 24), awaited until
 * ready. It binds port 0 unless told a port, and the launcher reports the port it really
 * bound: a port picked beforehand could be taken by another process in between.
 */
import {
  assertPortFree,
  listeningPorts,
  startProcess,
  waitUntilReady,
  type Proc,
} from '@loadlab/process-supervisor';

export interface RunningApi {
  readonly url: string;
  readonly port: number;
  readonly proc: Proc;
  stop(): Promise<number | string>;
}

export interface ApiOptions {
  /** apps/crocodile-api/src/main.ts; apps and tests get it from @loadlab/workspace. */
  readonly main: string;
  readonly dbFile: string;
  /** A fixed port (checked free); port 0, and the port it bound reported, by default. */
  readonly port?: number;
  readonly env?: Record<string, string>;
  readonly logFile?: string;
  readonly nodeArgs?: readonly string[];
  /**
   * A program that execs the rest of its arguments (keeping its PID), e.g. one that first puts
   * itself in a cgroup: [program, ...its arguments]. The API runs as its last arguments.
   */
  readonly launcher?: readonly [string, ...string[]];
}

/** The API's info-level "listening" log line carries the URL it bound. */
const LISTENING = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/;

export async function startCrocodileApi(o: ApiOptions): Promise<RunningApi> {
  if (o.port) await assertPortFree(o.port, 'crocodile-api');
  const node = [process.execPath, ...(o.nodeArgs ?? []), o.main];
  const [command, ...args] = o.launcher ? [...o.launcher, ...node] : node;
  const proc = startProcess(command!, args, {
    name: 'crocodile-api',
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(o.port ?? 0),
      DB_FILE: o.dbFile,
      ...o.env,
    },
    logFile: o.logFile,
  });
  const url = await waitUntilReady(proc, () => readyUrl(proc), {
    what: 'being ready on 127.0.0.1',
    timeoutMs: 20_000,
    stopSignal: 'SIGKILL',
  });
  return { url, port: Number(new URL(url).port), proc, stop: () => proc.stop() };
}

/**
 * The bound URL once the API is ready. It logs "listening" (info level) only once it is ready,
 * so that line is enough, and probing would add request lines to its log. Above info the line
 * is missing: the port comes from the process's listening socket, and /readyz must answer 200.
 */
async function readyUrl(proc: Proc): Promise<string | undefined> {
  const logged = LISTENING.exec(proc.output())?.[1];
  if (logged) return logged;
  for (const port of await listeningPorts(proc.pid)) {
    const url = `http://127.0.0.1:${port}`;
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(
      () => undefined,
    );
    await res?.body?.cancel();
    if (res?.status === 200) return url;
  }
  return undefined;
}
