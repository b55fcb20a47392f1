/** Each bad input gets a clear JSON error, the server keeps serving, and db.json stays valid. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { call, readDurable, startTestApi, type TestApi } from './test-support.ts';

const valid = { name: 'Nile', sex: 'F', date_of_birth: '2015-04-01', age: 10 };

describe('bad input', () => {
  let api: TestApi;
  let before_: string;
  before(async () => {
    api = await startTestApi({ env: { BODY_LIMIT: '1kb' } });
    before_ = JSON.stringify(await readDurable(api.dbFile));
  });
  afterEach(async () => {
    // The server still answers, and the file on disk is unchanged and parses.
    assert.equal((await call(`${api.url}/livez`)).status, 200);
    // The file and its journal, as a restart would read them, are unchanged.
    assert.equal(JSON.stringify(await readDurable(api.dbFile)), before_);
  });
  after(() => api.close());

  const post = (
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => call(`${api.url}/crocodiles`, { method: 'POST', body, headers });

  it('malformed JSON: 400', async () => {
    const res = await post('{"name": "Nile",');
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'Bad Request');
    assert.match(res.body.message, /^malformed JSON body/);
  });

  it('body over BODY_LIMIT: 413', async () => {
    const res = await post(JSON.stringify({ ...valid, name: 'x'.repeat(2000) }));
    assert.equal(res.status, 413);
    assert.match(res.body.message, /larger than BODY_LIMIT \(1024 bytes\)/);
  });

  it('wrong fields: 422 listing each bad field', async () => {
    const res = await post(
      JSON.stringify({
        name: '',
        sex: 'X',
        date_of_birth: '2021-02-30',
        age: 1.5,
        colour: 'green',
      }),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.errors, [
      { field: 'name', message: 'must be a non-empty string of at most 200 characters' },
      { field: 'sex', message: 'must be "M" or "F"' },
      { field: 'date_of_birth', message: 'must be an ISO date, YYYY-MM-DD' },
      { field: 'age', message: 'must be an integer from 0 to 1000' },
      { field: 'colour', message: 'is not a crocodile field' },
    ]);
  });

  it('missing fields on create and replace: 422', async () => {
    const created = await post(JSON.stringify({ name: 'Nile' }));
    assert.equal(created.status, 422);
    assert.deepEqual(
      created.body.errors.map((e: { field: string }) => e.field),
      ['sex', 'date_of_birth', 'age'],
    );
    const replaced = await call(`${api.url}/crocodiles/1`, { method: 'PUT', json: { age: 3 } });
    assert.equal(replaced.status, 422);
  });

  it('a body that is not an object: 422', async () => {
    for (const body of ['[1,2]', '"text"', 'null', '42']) {
      const res = await post(body);
      assert.equal(res.status, 422, body);
      assert.deepEqual(res.body.errors, [{ field: '(body)', message: 'must be a JSON object' }]);
    }
  });

  it('changing the id in PUT or PATCH: 422', async () => {
    const res = await call(`${api.url}/crocodiles/1`, { method: 'PATCH', json: { id: 2 } });
    assert.equal(res.status, 422);
    assert.match(res.body.errors[0].message, /cannot change/);
  });

  it('duplicate id: 409 (json-server alone answers 500)', async () => {
    const res = await post(JSON.stringify({ ...valid, id: 3 }));
    assert.equal(res.status, 409);
    assert.match(res.body.message, /already has a record with id 3/);
  });

  it('unknown id: 404 for GET, PUT, PATCH and DELETE', async () => {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
      const res = await call(`${api.url}/crocodiles/999`, {
        method,
        json: method === 'GET' || method === 'DELETE' ? undefined : valid,
      });
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error, 'Not Found');
    }
  });

  it('unknown route: 404 JSON', async () => {
    const res = await call(`${api.url}/nothing/here`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error, 'Not Found');
  });

  it('a write that is not JSON: 415', async () => {
    const res = await post('name=Nile', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.match(res.body.message, /Content-Type: application\/json/);
  });

  it('a JSON body sent without a Content-Type: 415 naming what it got (README)', async () => {
    const res = await fetch(`${api.url}/crocodiles`, {
      method: 'POST',
      body: new Blob(['{"name":"Nile"}']), // a Blob without a type: no Content-Type header
    });
    assert.equal(res.status, 415);
    assert.match(((await res.json()) as { message: string }).message, /got "none"/);
  });

  it('a method override cannot smuggle an unvalidated PUT', async () => {
    const res = await call(`${api.url}/crocodiles/1`, {
      method: 'POST',
      json: { sex: 'nonsense' },
      headers: { 'x-http-method-override': 'PUT' },
    });
    assert.equal(res.status, 405, 'POST on an item stays a POST');
  });

  it('a nested write without an object body: 422, not a 500 from json-server (found by the fuzzer)', async () => {
    for (const body of [undefined, '[1]', '"x"']) {
      const res = await call(`${api.url}/crocodiles/1/crocodiles`, {
        method: 'POST',
        body,
        headers: body ? { 'content-type': 'application/json' } : {},
      });
      assert.equal(res.status, 422, String(body));
    }
    const other = await call(`${api.url}/anything/1/else`, { method: 'POST' });
    assert.equal(other.status, 422);
  });
});
