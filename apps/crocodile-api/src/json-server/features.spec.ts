/**
 * Every json-server query feature, through the real app (Express 5). The first
 * test shows the trap our compat layer exists for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import express from 'express';
import jsonServer from 'json-server';
import { listen } from '@loadlab/testkit';
import { call, seed, startTestApi, type TestApi } from '../test-support.ts';

const ages = (list: { age: number }[]) => list.map((c) => c.age);
const ids = (list: { id: number }[]) => list.map((c) => c.id);

// A second resource that points at crocodiles, for _embed, _expand and nested routes.
const state = {
  crocodiles: seed.crocodiles,
  keepers: [
    { id: 1, name: 'Ana', crocodileId: 1 },
    { id: 2, name: 'Bo', crocodileId: 1 },
    { id: 3, name: 'Cy', crocodileId: 7 },
  ],
};

describe('json-server under Express 5', () => {
  it('(the trap) without the compat layer, _sort on a bare Express 5 mount returns []', async () => {
    const app = express();
    app.use(jsonServer.router(structuredClone(state)));
    const server = await listen(app);
    try {
      const { body } = await call(`${server.url}/crocodiles?_sort=age`);
      assert.deepEqual(body, [], 'if json-server ever fixes this, the compat layer can go');
    } finally {
      await server.close();
    }
  });
});

describe('json-server features through crocodile-api', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ state })));
  after(() => api.close());
  const get = async (path: string) => call(`${api.url}${path}`);

  it('_sort and _order, on one or several fields', async () => {
    assert.deepEqual(
      ages((await get('/crocodiles?_sort=age')).body),
      [9, 14, 15, 25, 26, 35, 39, 165],
    );
    assert.deepEqual(
      ages((await get('/crocodiles?_sort=age&_order=desc')).body),
      [165, 39, 35, 26, 25, 15, 14, 9],
    );
    const bySexThenAge = (await get('/crocodiles?_sort=sex,age&_order=asc,desc')).body;
    assert.deepEqual(ids(bySexThenAge), [7, 5, 6, 8, 3, 4, 2, 1]);
  });

  it('_page and _limit, with X-Total-Count and Link headers', async () => {
    const res = await get('/crocodiles?_page=2&_limit=3');
    assert.deepEqual(ids(res.body), [4, 5, 6]);
    assert.equal(res.headers.get('x-total-count'), '8');
    assert.match(res.headers.get('link')!, /_page=3.*rel="next"/);
  });

  it('_start with _end, and _start with _limit', async () => {
    assert.deepEqual(ids((await get('/crocodiles?_start=2&_end=4')).body), [3, 4]);
    assert.deepEqual(ids((await get('/crocodiles?_start=5&_limit=2')).body), [6, 7]);
  });

  it('q: full-text search', async () => {
    assert.deepEqual(ids((await get('/crocodiles?q=crocodile')).body), [3]);
  });

  it('field filters, _like, _gte/_lte and _ne', async () => {
    assert.deepEqual(ids((await get('/crocodiles?sex=F')).body), [5, 6, 7]);
    assert.deepEqual(ids((await get('/crocodiles?name_like=^s')).body), [4, 6, 7]);
    assert.deepEqual(ids((await get('/crocodiles?age_gte=20&age_lte=30')).body), [2, 4]);
    assert.deepEqual(ids((await get('/crocodiles?sex_ne=M')).body), [5, 6, 7]);
    assert.deepEqual(ids((await get('/crocodiles?id=1&id=2')).body), [1, 2]);
  });

  it('_embed and _expand', async () => {
    const embedded = (await get('/crocodiles/1?_embed=keepers')).body;
    assert.deepEqual(
      embedded.keepers.map((k: { name: string }) => k.name),
      ['Ana', 'Bo'],
    );
    const expanded = (await get('/keepers/3?_expand=crocodile')).body;
    assert.equal(expanded.crocodile.name, 'Sobek');
    const list = (await get('/crocodiles?_embed=keepers&sex=F')).body;
    assert.deepEqual(list.find((c: { id: number }) => c.id === 7).keepers.length, 1);
  });

  it('nested routes: GET and POST /crocodiles/:id/keepers', async () => {
    assert.deepEqual(
      (await get('/crocodiles/1/keepers')).body.map((k: { id: number }) => k.id),
      [1, 2],
    );
    const created = await call(`${api.url}/crocodiles/8/keepers`, {
      method: 'POST',
      json: { name: 'Dee' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.crocodileId, '8');
    assert.equal((await get('/crocodiles/8/keepers')).body.length, 1);
  });

  it('ignores _delay: clients cannot make the server sleep', async () => {
    // json-server's delay is setTimeout(next, _delay): watch the timers, not the clock.
    const timers = mock.method(globalThis, 'setTimeout');
    try {
      assert.equal((await get('/crocodiles?_delay=5000')).status, 200);
      const delays = timers.mock.calls.map((c) => c.arguments[1]);
      assert.ok(!delays.some((ms) => Number(ms) >= 5000), `timers set: ${delays.join(', ')}`);
    } finally {
      timers.mock.restore();
    }
  });

  it('rejects an invalid _like pattern with 400 instead of a 500', async () => {
    const res = await get('/crocodiles?name_like=(unclosed');
    assert.equal(res.status, 400);
    assert.match(res.body.message, /name_like is not a valid regular expression/);
  });
});

describe('bounded work per query', () => {
  it('_embed on a long list: 400 unless paged (json-server scans the embedded resource per record)', async () => {
    const crocodiles = Array.from({ length: 3000 }, (_, i) => ({
      ...seed.crocodiles[0]!,
      id: i + 1,
    }));
    const keepers = Array.from({ length: 2000 }, (_, i) => ({
      id: i + 1,
      crocodileId: (i % 3000) + 1,
    }));
    const api = await startTestApi({ state: { crocodiles, keepers } });
    try {
      const all = await call(`${api.url}/crocodiles?_embed=keepers`);
      assert.equal(all.status, 400);
      assert.match(
        all.body.message,
        /_embed on 3000 records would scan 6000000 records \(at most 5000000\)/,
      );
      const paged = await call(`${api.url}/crocodiles?_embed=keepers&_page=2&_limit=5`);
      assert.equal(paged.status, 200);
      assert.equal(paged.body[0].keepers.length, 1);
    } finally {
      await api.close();
    }
  });
});
