/**
 * An array resource with an id index. json-server finds records by a linear
 * scan (lodash-id); with the index a lookup stays O(1) as the data grows.
 * Ids are compared as strings, as lodash-id does (1 and "1" are the same id).
 */
export type Rec = Record<string, unknown> & { id?: unknown };

/** One change, as written to the journal: a whole record, or a deletion. */
export type Op = { r: string; set: Rec } | { r: string; del: string };

export class Collection {
  readonly name: string;
  /** The very array json-server reads, kept in insertion order. */
  readonly items: Rec[];
  readonly #byId = new Map<string, Rec>();
  /** Highest numeric id ever handed out or seen; never goes down, so ids are never reused. */
  lastId: number;

  constructor(name: string, items: Rec[], lastId = 0) {
    this.name = name;
    this.items = items;
    this.lastId = lastId;
    for (const item of items) {
      if (item.id !== undefined && item.id !== null) this.#byId.set(String(item.id), item);
      this.observeId(item.id);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  get(id: unknown): Rec | undefined {
    return id === undefined || id === null ? undefined : this.#byId.get(String(id));
  }

  observeId(id: unknown): void {
    // "12" and 12 are one id, so a digit string raises the mark too: an automatic id never collides with it.
    const n = typeof id === 'string' && /^[1-9]\d{0,15}$/.test(id) ? Number(id) : id;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n > this.lastId) this.lastId = n;
  }

  /** Applies a journaled change; replaying the same op twice gives the same state. */
  apply(op: Op): void {
    if ('set' in op) {
      const key = String(op.set.id);
      const old = this.#byId.get(key);
      this.#byId.set(key, op.set);
      this.observeId(op.set.id);
      if (old) this.items[this.items.indexOf(old)] = op.set;
      else this.items.push(op.set);
    } else {
      const old = this.#byId.get(op.del);
      if (!old) return;
      this.#byId.delete(op.del);
      // O(n), but only on delete; the 60 s write benchmark and lookups never pay it.
      this.items.splice(this.items.indexOf(old), 1);
    }
  }
}
