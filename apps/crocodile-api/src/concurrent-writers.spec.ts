/**
 * N clients create, update and delete at once. Every acknowledged operation is
 * reflected, nothing else is: no lost updates, no duplicate ids.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, readDurable, startTestApi } from './test-support.ts';

const CLIENTS = 20;
const RECORDS_PER_CLIENT = 10;

describe('concurrent writers', () => {
  it('keeps every acknowledged create, update and delete, and only those', async () => {
    const api = await startTestApi();
    try {
      // Each client owns its records; the expected state is what it was told succeeded.
      const expected = new Map<number, number | 'deleted'>();
      let acked = 0;
      const client = async (c: number) => {
        for (let r = 0; r < RECORDS_PER_CLIENT; r++) {
          const created = await call(`${api.url}/crocodiles`, {
            method: 'POST',
            json: { name: `c${c}-${r}`, sex: 'F', date_of_birth: '2020-02-02', age: 0 },
          });
          assert.equal(created.status, 201);
          const id = created.body.id as number;
          assert.ok(!expected.has(id), `id ${id} handed out twice`);
          expected.set(id, 0);
          acked++;
          for (let age = 1; age <= 3; age++) {
            const patched = await call(`${api.url}/crocodiles/${id}`, {
              method: 'PATCH',
              json: { age },
            });
            assert.equal(patched.status, 200);
            expected.set(id, age);
            acked++;
          }
          if (r % 3 === 0) {
            assert.equal(
              (await call(`${api.url}/crocodiles/${id}`, { method: 'DELETE' })).status,
              200,
            );
            expected.set(id, 'deleted');
            acked++;
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      await api.db.commits.idle();

      // What the API serves and what is on disk both match the acknowledged operations.
      const served = (await call(`${api.url}/crocodiles?name_like=^c\\d`)).body as {
        id: number;
        age: number;
      }[];
      const onDisk = (
        (await readDurable(api.dbFile)).crocodiles as { id: number; age: number }[]
      ).filter((x) => x.id > 8);
      for (const list of [served, onDisk]) {
        const byId = new Map(list.map((x) => [x.id, x.age]));
        assert.equal(byId.size, list.length, 'no duplicate ids');
        for (const [id, state] of expected) {
          if (state === 'deleted') assert.ok(!byId.has(id), `deleted ${id} is gone`);
          else assert.equal(byId.get(id), state, `last acknowledged age of ${id}`);
        }
        assert.equal(
          list.length,
          [...expected.values()].filter((s) => s !== 'deleted').length,
          'nothing unacknowledged',
        );
      }
      console.log(
        `figure: ${CLIENTS} concurrent clients, ${acked} acknowledged writes, 0 lost, 0 duplicate ids, ${api.db.commits.stats.flushes} fsyncs`,
      );
    } finally {
      await api.close();
    }
  });
});
