/**
 * Group commit: many writes share one fsync. A caller's promise resolves only
 * once a snapshot taken *after* its change is durably on disk, so a response
 * that waits for it never acknowledges a write that a crash could lose.
 */

type Batch = { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void };

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface GroupCommitStats {
  /** Snapshots written. */
  readonly flushes: number;
  /** commit() calls, i.e. writes acknowledged or failed. */
  readonly commits: number;
}

export class GroupCommit {
  readonly #snapshot: () => string;
  readonly #persist: (data: string) => Promise<void>;
  #next: Batch | undefined;
  #running: Promise<void> | undefined;
  #flushes = 0;
  #commits = 0;

  /**
   * @param snapshot serializes the current in-memory state (called when a flush starts)
   * @param persist writes it durably (atomically) to disk
   */
  constructor(snapshot: () => string, persist: (data: string) => Promise<void>) {
    this.#snapshot = snapshot;
    this.#persist = persist;
  }

  /** Call after changing the state in memory; resolves when that change is durable. */
  commit(): Promise<void> {
    this.#commits++;
    this.#next ??= newBatch();
    const { promise } = this.#next;
    this.#running ??= this.#drain();
    return promise;
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
      // Changes that arrive while a flush runs are gathered into the next batch.
      while (this.#next) {
        const batch = this.#next;
        this.#next = undefined;
        try {
          await this.#persist(this.#snapshot());
          this.#flushes++;
          batch.resolve();
        } catch (err) {
          batch.reject(err);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
