/**
 * Property test (fast-check) against a real process: random bodies, ids, paths
 * and query strings. After every run: no 5xx (a 503 would have to change
 * nothing, and this disk does not fail), DB_FILE parses, the metric series stay
 * bounded. At the end the process is SIGKILLed and restarted: every
 * acknowledged write is there, in its last acknowledged form.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { findSamples, makeTempDir, parsePrometheusText, type TempDir } from '@loadlab/testkit';
import { call, readDurable, spawnApi } from './test-support.ts';

const SEED = Number(process.env.PROPERTY_SEED ?? 17);
const RUNS = 60;

const idArb = fc.oneof(
  fc.integer({ min: -2, max: 40 }).map(String),
  fc.constantFrom('9007199254740993', '1e300', 'abc', '__proto__', '%ZZ', '%2F', ''),
);
const pathArb = fc.oneof(
  fc.constant('/crocodiles'),
  idArb.map((id) => `/crocodiles/${id}`),
  idArb.map((id) => `/crocodiles//${id}`),
  idArb.map((id) => `/crocodiles/${id}/crocodiles`),
  fc.constantFrom('/db', '/CROCODILES', '/crocodiles/', '/x/1/crocodiles%2F', '/nothing'),
  fc.string({ maxLength: 12 }).map((s) => `/${encodeURIComponent(s)}`),
);
const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('_sort', '_order', '_page', '_limit', '_start', '_end', 'q'),
        fc.constantFrom('name_like', 'age_gte', 'sex_ne', '_embed', '_expand', 'id', 'name'),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        fc.constantFrom('age', 'desc', '1', '-1', '^(a+)+$', '(a)\\1', 'crocodile', '[', 'x'),
        fc.string({ maxLength: 12 }),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs).toString()}` : ''));
const crocArb = fc.record(
  {
    id: fc.oneof(fc.integer({ min: -5, max: 2 ** 33 }), fc.double(), fc.string({ maxLength: 70 })),
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ maxLength: 250 })),
    sex: fc.constantFrom('M', 'F', 'X'),
    date_of_birth: fc.constantFrom('2020-01-01', '2021-02-30', 'yesterday'),
    age: fc.oneof(fc.integer({ min: -1, max: 1001 }), fc.double()),
  },
  { requiredKeys: ['name', 'sex', 'date_of_birth', 'age'] },
);
const validArb = fc.record(
  {
    id: fc.integer({ min: 1, max: 60 }),
    name: fc.string({ minLength: 1, maxLength: 30 }).filter((n) => n.trim() !== ''),
    sex: fc.constantFrom('M', 'F'),
    date_of_birth: fc.constantFrom('2020-01-01', '1999-12-31'),
    age: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: ['name', 'sex', 'date_of_birth', 'age'] },
);
const bodyArb = fc.oneof(
  { arbitrary: validArb, weight: 4 },
  crocArb,
  crocArb.chain((c) =>
    fc
      .constantFrom('__proto__', 'constructor', 'toString', 'extra', 'crocodileId')
      .map((k) => JSON.stringify(c).replace(/}$/, `,"${k}":{"deep":[[[1]]]}}`)),
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant(`{"name":${'['.repeat(50)}${']'.repeat(50)}}`),
);
const requestArb = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  path: fc.oneof(
    { arbitrary: pathArb, weight: 2 },
    { arbitrary: fc.constant('/crocodiles'), weight: 2 },
    fc.integer({ min: 1, max: 60 }).map((id) => `/crocodiles/${id}`),
  ),
  query: queryArb,
  body: bodyArb,
});

describe('property: any request sequence', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('property-')));
  after(() => dir.remove());

  it(`keeps the service truthful (${RUNS} runs, seed ${SEED})`, { timeout: 600_000 }, async () => {
    const DB_FILE = join(dir.path, 'db.json');
    let api = await spawnApi({ DB_FILE });
    /** The last acknowledged state of each id: a record, or 'deleted'. */
    const acknowledged = new Map<string, unknown>();
    let requests = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 40 }), async (reqs) => {
          for (const r of reqs) {
            requests++;
            const hasBody = !['GET', 'DELETE', 'OPTIONS'].includes(r.method);
            const res = await call(`${api.url}${r.path}${r.query}`, {
              method: r.method,
              headers: hasBody ? { 'content-type': 'application/json' } : {},
              body: hasBody
                ? typeof r.body === 'string'
                  ? r.body
                  : JSON.stringify(r.body)
                : undefined,
            });
            assert.ok(
              res.status < 500,
              `${res.status} for ${r.method} ${r.path}${r.query}: ${JSON.stringify(res.body)}`,
            );
            const item = /^\/crocodiles\/([^/?]+)$/.exec(r.path);
            if (r.method === 'POST' && res.status === 201)
              acknowledged.set(String(res.body.id), res.body);
            if ((r.method === 'PUT' || r.method === 'PATCH') && res.status === 200)
              acknowledged.set(String(res.body.id), res.body);
            if (r.method === 'DELETE' && res.status === 200 && item)
              acknowledged.set(decodeURIComponent(item[1]!), 'deleted');
          }
          await readDurable(DB_FILE); // the store opens and reads
          const series = findSamples(
            parsePrometheusText(await (await fetch(`${api.url}/metrics`)).text()),
            'node_http_requests_total',
          );
          assert.ok(series.length < 300, `${series.length} series`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      // The harshest restart: SIGKILL, then every acknowledged write must be served as acknowledged.
      await api.proc.stop('SIGKILL');
      await readDurable(DB_FILE); // the store opens and reads
      api = await spawnApi({ DB_FILE });
      for (const [id, expected] of acknowledged) {
        const res = await call(`${api.url}/crocodiles/${encodeURIComponent(id)}`);
        if (expected === 'deleted') assert.equal(res.status, 404, `deleted ${id}`);
        else assert.deepEqual(res.body, expected, `record ${id}`);
      }
      console.log(
        `figure: property ${RUNS} runs, ${requests} requests, 0 5xx, ${acknowledged.size} acknowledged ids all as acknowledged after SIGKILL and restart (seed ${SEED})`,
      );
    } finally {
      await api.proc.stop('SIGKILL');
    }
  });
});
