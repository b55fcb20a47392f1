/**
 * HTTP fuzz: 10,000 seeded random requests (methods, paths, query strings,
 * headers, bodies) against a real process. 0 crashes, 0 5xx, a valid db, and a
 * bounded number of /metrics series. A failure prints the seed to replay it.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findSamples, makeTempDir, parsePrometheusText, type TempDir } from '@loadlab/testkit';
import { readDurable, spawnApi } from './test-support.ts';

const REQUESTS = 10_000;
const CONCURRENCY = 32;
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

/** mulberry32: small, seeded, good enough for fuzzing. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  'GET',
  'GET',
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PROPFIND',
  'PURGE',
];
const SEGMENTS = [
  'crocodiles',
  'crocodiles',
  'db',
  'livez',
  'readyz',
  'metrics',
  '1',
  '2',
  '999',
  '-1',
  '0',
  'abc',
  '..',
  '%2e%2e',
  '%00',
  'ünï',
  '__proto__',
  'constructor',
  'keepers',
  '',
];
const QUERY_KEYS = [
  '_sort',
  '_order',
  '_page',
  '_limit',
  '_start',
  '_end',
  'q',
  'name_like',
  'age_gte',
  'age_lte',
  'sex_ne',
  '_embed',
  '_expand',
  '_delay',
  'callback',
  '__proto__',
  'id',
  'name',
  'x',
];
const QUERY_VALUES = [
  '1',
  '-5',
  'abc',
  '',
  '(',
  '.*',
  '[a-z',
  '((a+)+)+$',
  'age',
  'desc',
  '%',
  '%zz',
  '9'.repeat(30),
  'crocodiles',
  'Bert',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin9',
  'multipart/form-data',
];

function randomRequest(r: () => number) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const path =
    '/' + Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(SEGMENTS)).join('/');
  const query =
    r() < 0.5
      ? ''
      : '?' +
        Array.from(
          { length: 1 + Math.floor(r() * 3) },
          () => `${pick(QUERY_KEYS)}=${pick(QUERY_VALUES)}`,
        ).join('&');
  const method = pick(METHODS);
  const bodies = [
    () =>
      JSON.stringify({
        name: pick(QUERY_VALUES),
        sex: pick(['M', 'F', 'X', 1]),
        date_of_birth: pick(['2020-01-01', '2020-13-40', 7]),
        age: pick([1, -1, 1.5, '3']),
      }),
    () => '{"name": "broken',
    () => JSON.stringify([1, 2, 3]),
    () => 'x'.repeat(Math.floor(r() * 200_000)),
    () =>
      JSON.stringify({
        id: pick([1, 'a', -3, null]),
        name: 'n',
        sex: 'M',
        date_of_birth: '2000-01-01',
        age: 3,
      }),
    () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256))).toString('latin1'),
  ];
  const body =
    ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && r() < 0.9 ? pick(bodies)() : undefined;
  const headers: Record<string, string> = { 'x-fuzz': String(Math.floor(r() * 1e9)) };
  if (body !== undefined) headers['content-type'] = pick(CONTENT_TYPES);
  if (r() < 0.2) headers['x-http-method-override'] = pick(METHODS);
  if (r() < 0.2) headers.origin = pick(['https://evil.example', 'null', 'http://localhost']);
  if (r() < 0.1) headers['accept-encoding'] = 'gzip, br';
  return { method, path: path + query, headers, body };
}

function send(url: URL, req: ReturnType<typeof randomRequest>): Promise<number> {
  return new Promise((resolve, reject) => {
    // One connection per request, so an error is attributed to the request that caused it.
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: req.headers,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    r.setTimeout(10_000, () => r.destroy(new Error('timeout')));
    r.end(req.body);
  });
}

describe('HTTP fuzz', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('fuzz-')));
  after(() => dir.remove());

  it(`${REQUESTS} random requests: no crash, no 5xx, valid db, bounded series (seed ${SEED})`, async () => {
    const dbFile = join(dir.path, 'db.json');
    const { proc, url } = await spawnApi({
      DB_FILE: dbFile,
      LOG_LEVEL: 'info',
      BODY_LIMIT: '100kb',
    });
    try {
      const r = prng(SEED);
      const requests = Array.from({ length: REQUESTS }, () => randomRequest(r));
      const statuses = new Map<number, number>();
      const fiveXX: string[] = [];
      const resets: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const req = requests[next++]!;
          let status: number;
          try {
            status = await send(new URL(url), req);
          } catch (err) {
            resets.push(
              `${(err as Error).message}: ${req.method} ${req.path} ${req.headers['content-type'] ?? ''} body ${req.body?.length ?? 0} B`,
            );
            continue;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) fiveXX.push(`${status} ${req.method} ${req.path}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));

      assert.equal(proc.child.exitCode, null, 'the process is still running');
      assert.equal((await fetch(`${url}/livez`)).status, 200);
      assert.deepEqual(fiveXX.slice(0, 10), [], `5xx answers (replay with FUZZ_SEED=${SEED})`);
      // A request the server answers without reading its body (413, 404, 415) gets its socket
      // closed once the unread body outgrows what Node drains (tens of KiB); a client still uploading sees a reset.
      const unexpected = resets.filter((x) => Number(/ body (\d+) B$/.exec(x)![1]) <= 16 * 1024);
      assert.deepEqual(
        unexpected.slice(0, 10),
        [],
        'connection errors on requests within the body limit',
      );
      await readDurable(dbFile); // the store opens and reads
      const series = findSamples(
        parsePrometheusText(await (await fetch(`${url}/metrics`)).text()),
        'node_http_requests_total',
      );
      assert.ok(series.length < 300, `${series.length} series`);
      const summary = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}:${n}`)
        .join(' ');
      console.log(
        `figure: fuzz ${REQUESTS} requests, 0 crashes, ${fiveXX.length} 5xx, ${resets.length} resets (all uploads over 16 KiB answered before they were read), ${series.length} series; statuses ${summary}`,
      );
    } finally {
      await proc.stop();
    }
  });
});
