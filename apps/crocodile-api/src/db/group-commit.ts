/**
 * Group commit: many writes share one transaction (one fsync of SQLite's WAL). A
 * change is applied to the in-memory state only after its batch is durable,
 * so readers never see a change that could still fail, and a failed batch
 * changes nothing: its callers get an error and their answer is a 5xx.
 */

interface Entry<T> {
  readonly item: T;
  readonly apply: () => void;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export interface GroupCommitStats {
  /** Batches made durable. */
  readonly flushes: number;
  /** commit() calls, i.e. writes acknowledged or failed. */
  readonly commits: number;
}

export interface GroupCommitHooks<T> {
  /** Makes the batch durable (one transaction); rejects with nothing stored. */
  persist(items: readonly T[]): Promise<void>;
  /** Called with the outcome of each batch, to track whether writes are durable. */
  onOutcome?(err: unknown): void;
}

export class GroupCommit<T = unknown> {
  readonly #hooks: GroupCommitHooks<T>;
  #pending: Entry<T>[] = [];
  #between: (() => Promise<void>)[] = [];
  #running: Promise<void> | undefined;
  #flushes = 0;
  #commits = 0;

  constructor(hooks: GroupCommitHooks<T>) {
    this.#hooks = hooks;
  }

  /**
   * Queues one change; `apply` changes the in-memory state once the change
   * is durable. Resolves after that, rejects (with nothing applied) otherwise.
   */
  commit(item: T, apply: () => void): Promise<void> {
    this.#commits++;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, apply, resolve, reject });
    });
    // Started on the next microtask, so it is assigned before it can settle.
    if (!this.#running) {
      this.#running = Promise.resolve().then(() => this.#drain());
    }
    return done;
  }

  /** Runs `task` between two batches, when no transaction is under way. Its result is the task's. */
  between<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#between.push(() => task().then(resolve, reject));
      if (!this.#running) this.#running = Promise.resolve().then(() => this.#drain());
    });
  }

  /** Resolves when every commit so far has been written (or has failed). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  get stats(): GroupCommitStats {
    return { flushes: this.#flushes, commits: this.#commits };
  }

  async #drain(): Promise<void> {
    try {
      // Changes that arrive while a batch is written are gathered into the next one.
      while (this.#pending.length || this.#between.length) {
        const tasks = this.#between;
        this.#between = [];
        for (const task of tasks) await task();
        if (!this.#pending.length) continue;
        const batch = this.#pending;
        this.#pending = [];
        let failed = false;
        let failure: unknown;
        try {
          await this.#hooks.persist(batch.map((e) => e.item));
          this.#flushes++;
        } catch (err) {
          failed = true;
          failure = err ?? new Error('persist failed');
        }
        this.#hooks.onOutcome?.(failure);
        for (const entry of batch) {
          if (failed) {
            entry.reject(failure);
            continue;
          }
          try {
            entry.apply();
            entry.resolve();
          } catch (err) {
            entry.reject(err);
          }
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
