/**
 * Writes to one id run one after another; writes to different ids share group
 * commits. So two creates with one id cannot both pass the "exists?" check:
 * the second sees the first's outcome and gets 409 (or succeeds if it failed).
 */
export class IdLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
