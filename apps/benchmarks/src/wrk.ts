/**
 * wrk, the one load generator for every contender (`-t1 -c50` unless said
 * otherwise). Results come from a Lua `done()` hook as one JSON line, not from
 * wrk's human text; the POST script also prints a count per wall-clock second.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinary, startProcess } from '@loadlab/process-supervisor';

export interface WrkResult {
  /** Responses with a 2xx/3xx status, per second. */
  readonly rps: number;
  readonly requests: number;
  /** Non-2xx/3xx responses plus socket errors and timeouts. */
  readonly errors: number;
  readonly durationS: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number };
  /** [epoch second, 2xx/3xx, others] from the POST script, in order. */
  readonly seconds: readonly (readonly [number, number, number])[];
}

export interface WrkRun {
  readonly url: string;
  readonly durationS: number;
  readonly connections?: number;
  /** A script from writeWrkScripts(); `report` by default. */
  readonly script: string;
}

export const WRK_THREADS = 1;
export const WRK_CONNECTIONS = 50;

// Latencies are in microseconds; %d keeps LuaJIT from printing 1e+06.
const DONE = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"requests":%d,"durationUs":%d,"status":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
`;

// wrk calls response() for every reply; a line per second keeps the counting in
// wrk's own thread, so the per-second rates cost the server nothing.
const PER_SECOND = `
local sec, ok, bad = nil, 0, 0
function response(status, headers, body)
  local now = os.time()
  if sec ~= now then
    if sec then io.write(string.format("second %d %d %d\\n", sec, ok, bad)) end
    sec, ok, bad = now, 0, 0
  end
  if status < 400 then ok = ok + 1 else bad = bad + 1 end
end
`;

const POST_BODY = JSON.stringify({
  name: 'Bench',
  sex: 'F',
  date_of_birth: '2020-01-01',
  age: 5,
});

export interface WrkScripts {
  readonly report: string;
  readonly post: string;
  /** GET /crocodiles/:id over random ids 1..maxId, so a lookup cannot always hit the first item. */
  randomId(maxId: number): Promise<string>;
}

export async function writeWrkScripts(dir: string): Promise<WrkScripts> {
  const report = join(dir, 'report.lua');
  const post = join(dir, 'post.lua');
  await writeFile(report, DONE);
  await writeFile(
    post,
    `wrk.method = "POST"
wrk.body = '${POST_BODY}'
wrk.headers["Content-Type"] = "application/json"
${PER_SECOND}${DONE}`,
  );
  return {
    report,
    post,
    async randomId(maxId) {
      const file = join(dir, `random-id-${maxId}.lua`);
      await writeFile(
        file,
        `math.randomseed(42)
function request() return wrk.format(nil, "/crocodiles/" .. math.random(1, ${maxId})) end
${DONE}`,
      );
      return file;
    },
  };
}

export async function wrk(run: WrkRun): Promise<WrkResult> {
  const bin = requireBinary('wrk', 'apt-get install wrk');
  const args = [
    `-t${WRK_THREADS}`,
    `-c${run.connections ?? WRK_CONNECTIONS}`,
    `-d${run.durationS}s`,
    '--timeout=10s',
    '-s',
    run.script,
    run.url,
  ];
  const proc = startProcess(bin, args);
  // wrk stops itself after -d; the bound only guards against a hung wrk.
  const bound = setTimeout(() => void proc.stop('SIGKILL'), (run.durationS + 30) * 1000);
  const code = await proc.exited.finally(() => clearTimeout(bound));
  if (code !== 0) throw new Error(`wrk ${args.join(' ')} exited ${code}: ${proc.output()}`);
  return parseWrkOutput(proc.output());
}

export function parseWrkOutput(out: string): WrkResult {
  const line = /^wrk-result (\{.*\})$/m.exec(out);
  if (!line) throw new Error(`wrk printed no result line:\n${out.slice(-2000)}`);
  const r = JSON.parse(line[1]!) as Record<string, number>;
  const durationS = r.durationUs! / 1e6;
  const good = r.requests! - r.status!;
  const seconds = [...out.matchAll(/^second (\d+) (\d+) (\d+)$/gm)].map(
    (m) => [Number(m[1]), Number(m[2]), Number(m[3])] as const,
  );
  return {
    rps: durationS > 0 ? good / durationS : 0,
    requests: r.requests!,
    errors: r.status! + r.socket!,
    durationS,
    latencyMs: { p50: r.p50! / 1000, p90: r.p90! / 1000, p99: r.p99! / 1000 },
    seconds,
  };
}
