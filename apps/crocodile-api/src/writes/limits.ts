/**
 * Bounds on what one request may store, so that no body can make later work
 * (serialising, scanning, answering /db) unbounded. README.md lists them.
 */
export const LIMITS = {
  /** Objects and arrays nested deeper than this in a body: 400. */
  maxDepth: 16,
  /** Any string value in a stored record (crocodile names have their own, smaller one): 422. */
  maxStringLength: 10_000,
  /** Keys in one stored record (after a PATCH merges into it, too): 422. */
  maxKeys: 100,
  /** A client-chosen numeric id must be 1..this; automatic ids continue above it up to 2^53-1. */
  maxClientId: 2 ** 32 - 1,
  /**
   * A db.json record may carry an automatic id (an export of a store whose ids passed
   * maxClientId) up to this: 10,000,000 automatic ids (the largest MAX_RECORDS) stay free.
   */
  maxSeedId: Number.MAX_SAFE_INTEGER - 10_000_000,
} as const;

/** Names that would reach Object.prototype in code that indexes objects by field name. */
export const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Depth of the deepest object or array; iterative, so a deep body cannot overflow the stack. */
export function nestingDepth(value: unknown, stopAt: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const d = depth + 1;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d]);
  }
  return max;
}
