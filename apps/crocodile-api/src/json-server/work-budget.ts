/**
 * A time cap on the work one read does inside json-server, whose filters
 * (`q`, `_like`, field filters), `_embed` and `_expand` run synchronously over
 * the whole list and would hold the event loop (and /livez) for as long as
 * they take. Counting parameters bounds none of that, so every per-record step
 * checks the time, and a read that passes its budget stops with a 400
 * (WorkCapError).
 *
 * The budget is wall time, since that is how long /livez waits, but a read is
 * refused only if at least half of it was the main thread's own CPU time. On a
 * busy machine the process waits for a core, and wall time alone refused even a
 * GET by id (a test found it, with other work on both cores). Reading the
 * thread's CPU time costs a system call (about 4 µs), so it is read only once the
 * wall clock is past the budget.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/** Milliseconds of json-server work one read may take; README.md documents it. */
export const WORK_BUDGET_MS = 40;
/** Steps (records filtered, ids expanded) allowed past the budget, for a GC pause. */
export const MIN_STEPS = 1000;
/**
 * The hard cap, whatever the step count: one step can be slow (a _like over records of 10,000
 * characters takes milliseconds), so 1,000 free steps alone could hold the event loop for seconds.
 */
export const WORK_HARD_CAP_MS = 60;
/** The share of a cap that must be the thread's own CPU time before a read is refused. */
export const CPU_SHARE = 0.5;

export class WorkCapError extends Error {
  readonly status = 400;
}

interface Budget {
  readonly wallStart: number;
  /** The thread's CPU time (ms) when the read started. */
  readonly cpuStart: number;
  /** Before this wall-clock time (ms) the read cannot be over its cap: no need to look. */
  gate: number;
  steps: number;
}
const budgets = new AsyncLocalStorage<Budget>();

const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** Throws WorkCapError once the current read is past its cap; free outside a read. */
export function checkWork(): void {
  const budget = budgets.getStore();
  if (!budget) return;
  const steps = ++budget.steps;
  const now = performance.now();
  if (now <= budget.gate) return;
  // A read of a few hundred records is refused only past the hard cap, so that a GC pause
  // does not refuse it: work that is large and slow stops at the budget.
  const cap = steps < MIN_STEPS ? WORK_HARD_CAP_MS : WORK_BUDGET_MS;
  const wall = now - budget.wallStart;
  const cpu = threadCpuMs() - budget.cpuStart;
  if (wall > cap && cpu > cap * CPU_SHARE) {
    throw new WorkCapError(
      `this query needs more than ${WORK_BUDGET_MS} ms of work (stopped after ${steps} steps); narrow it: fewer or simpler q/_like terms, _embed/_expand on a smaller page (_page/_limit)`,
    );
  }
  // CPU time grows no faster than wall time: neither condition can change before this. Gated on
  // the lower cap: a read under the hard cap now may pass MIN_STEPS at any step, and its cap drops.
  budget.gate = now + Math.max(WORK_BUDGET_MS - wall, WORK_BUDGET_MS * CPU_SHARE - cpu, 0);
}

/** Runs `fn` (json-server's handler) with a fresh budget. */
export function withBudget<T>(fn: () => T): T {
  const wallStart = performance.now();
  return budgets.run(
    { wallStart, cpuStart: threadCpuMs(), gate: wallStart + WORK_BUDGET_MS, steps: 0 },
    fn,
  );
}

type Lodash = {
  filter: (coll: unknown, pred: unknown) => unknown;
  iteratee: (pred: unknown) => (...args: unknown[]) => unknown;
  has: (obj: unknown, path: unknown) => boolean;
  mixin: (fns: Record<string, (...args: never[]) => unknown>) => void;
  deepQuery?: (value: unknown, q: string) => boolean;
};

let globalHasWrapped = false;

/** The very lodash json-server requires (its dependency, resolved from json-server). */
export function jsonServerLodash(): Lodash {
  const fromJsonServer = createRequire(createRequire(import.meta.url).resolve('json-server'));
  return fromJsonServer('lodash') as Lodash;
}

/**
 * Puts a deadline check into every per-record step json-server takes: its
 * lodash filters (q, _like, field filters, _embed), deepQuery (q, recursively
 * into nested values), and lodash's `has` (its scan for unknown query keys).
 * getById (_expand) checks too; router.ts installs that one with the index.
 */
export function installBudgetChecks(dbLodash: Lodash): void {
  const filter = dbLodash.filter.bind(dbLodash);
  const deepQuery = dbLodash.deepQuery!;
  dbLodash.mixin({
    filter: (coll: unknown, pred: unknown) => {
      const test = dbLodash.iteratee(pred);
      return filter(coll, (...args: unknown[]) => {
        checkWork();
        return test(...args);
      });
    },
    deepQuery(this: unknown, value: unknown, q: string) {
      checkWork();
      return deepQuery.call(this, value, q);
    },
  } as unknown as Record<string, (...args: never[]) => unknown>);
  if (globalHasWrapped) return;
  globalHasWrapped = true;
  // json-server's plural router calls the shared lodash's `has` once per record and query key.
  const lodash = jsonServerLodash();
  const has = lodash.has;
  lodash.has = (obj, path) => {
    checkWork();
    return has(obj, path);
  };
}
