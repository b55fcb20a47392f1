/**
 * Issue 27 point 5: a crash-consistency property. fast-check draws rounds of
 * concurrent writes (POST, PATCH, DELETE) and how each round ends: SIGTERM, a
 * SIGKILL after a random delay, or a SIGKILL at a named step of startup, of a
 * write or of shutdown (db/crash-points.ts). After every restart: every
 * acknowledged write is there exactly once, nothing appears that was not
 * acknowledged or in flight at the kill, and the service always starts again
 * on its own data. Bounded: a few runs of a few rounds (about a minute).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startProcess, type Proc } from '@loadlab/process-supervisor';
import { makeTempDir, type TempDir } from '@loadlab/testkit';
import { assertStillServesThenStops, call, MAIN, spawnApi } from './test-support.ts';

const RUNS = Number(process.env.CRASH_PROPERTY_RUNS ?? 12);
const SEED = Number(process.env.CRASH_PROPERTY_SEED ?? 27);

type Op =
  | { kind: 'post'; age: number }
  | { kind: 'patch'; pick: number; age: number }
  | { kind: 'delete'; pick: number };
type End =
  | { kind: 'sigterm' }
  | { kind: 'sigkill'; afterMs: number }
  | { kind: 'write-crash'; point: 'write-before-commit' | 'write-committed'; after: number }
  | { kind: 'startup-crash'; point: 'lock-acquired' | 'loaded' }
  | { kind: 'close-crash'; point: 'close-before-checkpoint' | 'close-after-checkpoint' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('post' as const), age: fc.nat(1000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      pick: fc.nat(),
      age: fc.nat(1000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
);
const endArb: fc.Arbitrary<End> = fc.oneof(
  fc.record({ kind: fc.constant('sigterm' as const) }),
  fc.record({ kind: fc.constant('sigkill' as const), afterMs: fc.integer({ min: 0, max: 60 }) }),
  fc.record({
    kind: fc.constant('write-crash' as const),
    point: fc.constantFrom('write-before-commit' as const, 'write-committed' as const),
    after: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('startup-crash' as const),
    point: fc.constantFrom('lock-acquired' as const, 'loaded' as const),
  }),
  fc.record({
    kind: fc.constant('close-crash' as const),
    point: fc.constantFrom('close-before-checkpoint' as const, 'close-after-checkpoint' as const),
  }),
);
const roundArb = fc.record({ ops: fc.array(opArb, { minLength: 1, maxLength: 12 }), end: endArb });

type Rec = { id: number; name: string; age: number };
/** Acknowledged state by id; `allowed` holds the other outcomes a write in flight could leave. */
interface Model {
  acked: Map<number, Rec | 'deleted'>;
  allowed: Map<number, (Rec | 'deleted')[]>;
  /** POSTs in flight at a kill, by name: they may or may not be there. */
  pendingNames: Set<string>;
}

const served = async (url: string) => (await call(`${url}/crocodiles`)).body as Rec[];

/** After a restart: the store holds what was acknowledged, plus at most what was in flight. */
function check(model: Model, records: Rec[]) {
  const byId = new Map(records.map((r) => [r.id, r]));
  assert.equal(byId.size, records.length, 'no id twice');
  assert.equal(new Set(records.map((r) => r.name)).size, records.length, 'no write twice');
  for (const [id, state] of model.acked) {
    const now = byId.get(id) ?? 'deleted';
    const options = [state, ...(model.allowed.get(id) ?? [])];
    assert.ok(
      options.some((o) => JSON.stringify(o) === JSON.stringify(now)),
      `id ${id}: served ${JSON.stringify(now)}, acknowledged ${JSON.stringify(state)}`,
    );
    model.acked.set(id, now); // what survived a restart is durable from now on
  }
  for (const r of records) {
    if (model.acked.has(r.id)) continue;
    assert.ok(model.pendingNames.has(r.name), `unacknowledged ${JSON.stringify(r)} appeared`);
    model.acked.set(r.id, r);
  }
  model.allowed.clear();
  model.pendingNames.clear();
}

describe('crash consistency (issue 27 point 5)', () => {
  let dir: TempDir;
  before(async () => (dir = await makeTempDir('crash-property-')));
  after(() => dir.remove());

  it(
    `every acknowledged write survives random kills and restarts (${RUNS} runs, seed ${SEED})`,
    { timeout: 600_000 },
    async () => {
      let run = 0;
      let restarts = 0;
      let kills = 0;
      let writes = 0;
      const procs: Proc[] = [];
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(roundArb, { minLength: 1, maxLength: 3 }), async (rounds) => {
            const DB_FILE = join(dir.path, `db-${++run}.json`);
            const model: Model = { acked: new Map(), allowed: new Map(), pendingNames: new Set() };
            let names = 0;
            for (const { ops, end } of rounds) {
              if (end.kind === 'startup-crash') {
                const p = startProcess(process.execPath, [MAIN], {
                  env: { ...process.env, DB_FILE, PORT: '0', CROCODILE_API_CRASH_AT: end.point },
                });
                procs.push(p);
                assert.equal(await p.exited, 'SIGKILL', p.output());
                kills++;
              }
              const armed: Record<string, string> =
                end.kind === 'write-crash'
                  ? {
                      CROCODILE_API_CRASH_AT: end.point,
                      CROCODILE_API_CRASH_AFTER: String(end.after),
                    }
                  : end.kind === 'close-crash'
                    ? { CROCODILE_API_CRASH_AT: end.point }
                    : {};
              const api = await spawnApi({ DB_FILE, ...armed });
              procs.push(api.proc);
              restarts++;
              const records = await served(api.url);
              // The seed, on the first start of this run, is acknowledged by definition.
              if (model.acked.size === 0) for (const r of records) model.acked.set(r.id, r);
              check(model, records);

              const live = () =>
                [...model.acked].filter(([, s]) => s !== 'deleted').map(([id]) => id);
              const perform = async (op: Op) => {
                const ids = live();
                const id =
                  op.kind === 'post' || !ids.length ? undefined : ids[op.pick % ids.length]!;
                const name = `w${run}-${++names}`;
                try {
                  if (op.kind === 'post' || id === undefined) {
                    const body = {
                      name,
                      sex: 'M',
                      date_of_birth: '2000-01-01',
                      age: 'age' in op ? op.age : 1,
                    };
                    model.pendingNames.add(name);
                    const r = await call(`${api.url}/crocodiles`, { method: 'POST', json: body });
                    if (r.status === 201) {
                      model.pendingNames.delete(name);
                      model.acked.set(r.body.id, r.body);
                      writes++;
                    }
                    return;
                  }
                  const before = model.acked.get(id)!;
                  const next: Rec | 'deleted' =
                    op.kind === 'delete' ? 'deleted' : { ...(before as Rec), age: op.age };
                  model.allowed.set(id, [...(model.allowed.get(id) ?? []), next]);
                  const r =
                    op.kind === 'delete'
                      ? await call(`${api.url}/crocodiles/${id}`, { method: 'DELETE' })
                      : await call(`${api.url}/crocodiles/${id}`, {
                          method: 'PATCH',
                          json: { age: op.age },
                        });
                  if (r.status === 200) {
                    model.acked.set(id, op.kind === 'delete' ? 'deleted' : r.body);
                    // Answered: no longer a possible outcome of a write in flight.
                    const pending = model.allowed.get(id)!;
                    pending.splice(pending.indexOf(next), 1);
                    writes++;
                  }
                } catch {
                  // The process died under it: in flight, neither acknowledged nor refused.
                }
              };
              // Four at a time, so that batches share transactions.
              const queue = [...ops];
              const workers = Array.from({ length: 4 }, async () => {
                for (let op = queue.shift(); op; op = queue.shift()) await perform(op);
              });
              if (end.kind === 'sigkill') {
                await new Promise((r) => setTimeout(r, end.afterMs));
                api.proc.child.kill('SIGKILL');
              }
              await Promise.all(workers);
              if (end.kind === 'sigterm')
                assert.equal(await api.proc.stop('SIGTERM'), 0, api.proc.output());
              else {
                const how = await api.proc.stop(end.kind === 'close-crash' ? 'SIGTERM' : 'SIGKILL');
                if (end.kind === 'close-crash')
                  assert.equal(how, 'SIGKILL', 'killed at its close step');
                if (how === 'SIGKILL') kills++;
              }
            }
            const api = await spawnApi({ DB_FILE });
            procs.push(api.proc);
            restarts++;
            check(model, await served(api.url));
            await assertStillServesThenStops(api);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } finally {
        for (const p of procs) await p.stop('SIGKILL');
      }
      console.log(
        `figure: crash property ${RUNS} runs (seed ${SEED}): ${writes} acknowledged writes, ${kills} SIGKILLs, ${restarts} restarts, nothing lost, nothing unacknowledged beyond the writes in flight`,
      );
    },
  );
});
