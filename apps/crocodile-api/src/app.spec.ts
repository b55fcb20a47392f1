import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, readDurable, seed, startTestApi, type TestApi } from './test-support.ts';

const croc = { name: 'Nile', sex: 'F', date_of_birth: '2015-04-01', age: 10 };

describe('crocodile-api CRUD', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('lists the 8 seeded crocodiles', async () => {
    const { status, body } = await call(`${api.url}/crocodiles`);
    assert.equal(status, 200);
    assert.deepEqual(body, seed.crocodiles);
  });

  it('gets one crocodile by id', async () => {
    const { status, body } = await call(`${api.url}/crocodiles/3`);
    assert.equal(status, 200);
    assert.equal(body.name, 'Lyle the Crocodile');
  });

  it('creates, replaces, patches and deletes, and persists each change', async () => {
    const created = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(created.status, 201);
    assert.equal(created.body.id, 9);
    assert.match(created.headers.get('location')!, /\/crocodiles\/9$/);
    const onDisk = async () =>
      (await readDurable(api.dbFile)).crocodiles.find((c: { id: number }) => c.id === 9);
    assert.deepEqual(await onDisk(), { ...croc, id: 9 });

    const replaced = await call(`${api.url}/crocodiles/9`, {
      method: 'PUT',
      json: { ...croc, name: 'Nile II' },
    });
    assert.equal(replaced.status, 200);
    assert.equal((await onDisk()).name, 'Nile II');

    const patched = await call(`${api.url}/crocodiles/9`, { method: 'PATCH', json: { age: 11 } });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body, { ...croc, name: 'Nile II', age: 11, id: 9 });
    assert.equal((await onDisk()).age, 11);

    const deleted = await call(`${api.url}/crocodiles/9`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.equal(await onDisk(), undefined);
    assert.equal((await call(`${api.url}/crocodiles/9`)).status, 404);
  });

  it('never reuses an id, even after the newest record is deleted', async () => {
    const a = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(
      (await call(`${api.url}/crocodiles/${a.body.id}`, { method: 'DELETE' })).status,
      200,
    );
    const b = await call(`${api.url}/crocodiles`, { method: 'POST', json: croc });
    assert.equal(b.body.id, a.body.id + 1);
    await call(`${api.url}/crocodiles/${b.body.id}`, { method: 'DELETE' });
  });

  it('serves the whole database at /db', async () => {
    const { body } = await call(`${api.url}/db`);
    assert.deepEqual(Object.keys(body), ['crocodiles']);
  });

  it('answers /livez and /readyz', async () => {
    assert.deepEqual((await call(`${api.url}/livez`)).body, { status: 'ok' });
    assert.equal((await call(`${api.url}/readyz`)).status, 200);
    api.lifecycle.phase = 'draining';
    const draining = await call(`${api.url}/readyz`);
    api.lifecycle.phase = 'ready';
    assert.equal(draining.status, 503);
    assert.deepEqual(draining.body, { status: 'draining', durable: true });
  });

  it('sends security headers and hides x-powered-by', async () => {
    const { headers } = await call(`${api.url}/crocodiles/1`);
    assert.equal(headers.get('x-powered-by'), null);
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
    assert.ok(headers.get('content-security-policy'));
    assert.equal(headers.get('access-control-allow-origin'), null, 'no CORS unless configured');
  });
});

describe('crocodile-api options', () => {
  it('allows configured CORS origins only', async () => {
    const api = await startTestApi({ env: { CORS_ORIGINS: 'https://grafana.example' } });
    try {
      const ok = await call(`${api.url}/crocodiles/1`, {
        headers: { origin: 'https://grafana.example' },
      });
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://grafana.example');
      const other = await call(`${api.url}/crocodiles/1`, {
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await api.close();
    }
  });

  it('READ_ONLY=true serves reads and refuses every write with 405', async () => {
    const api = await startTestApi({ env: { READ_ONLY: 'true' } });
    try {
      assert.equal((await call(`${api.url}/crocodiles`)).status, 200);
      for (const [method, path] of [
        ['POST', '/crocodiles'],
        ['PUT', '/crocodiles/1'],
        ['PATCH', '/crocodiles/1'],
        ['DELETE', '/crocodiles/1'],
      ]) {
        const res = await call(`${api.url}${path}`, { method, json: croc });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.match(res.body.message, /READ_ONLY/);
      }
      assert.equal((await call(`${api.url}/crocodiles`)).body.length, 8);
    } finally {
      await api.close();
    }
  });
});
