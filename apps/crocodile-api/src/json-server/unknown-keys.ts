/**
 * json-server drops query keys that no record has, with `for (const i in arr)`
 * over the whole list, once per key. V8 collects every index of the array
 * before the first turn of a for-in: 270-680 ms for 1,000,000 records, per key,
 * before any work cap can run. So that scan is done here instead (an indexed
 * loop that stops at the first match, under the work budget), and json-server's
 * own is handed an empty key list: the query object is wrapped so that the
 * first enumeration json-server makes (that scan's) sees no keys, and every
 * later one (its filters) sees the keys that remain.
 */
import type { Request } from 'express';
import type { Collection } from '../db/collection.ts';
import { checkWork, jsonServerLodash } from './work-budget.ts';

const lodash = jsonServerLodash();

/** Keys json-server removes before its scan, keeps without scanning, or (_page) never filters on. */
const NOT_SCANNED = new Set([
  'q',
  '_start',
  '_end',
  '_page',
  '_sort',
  '_order',
  '_limit',
  '_embed',
  '_expand',
  '_delay',
  'callback',
  '_',
]);
const KEPT = /(_lte|_gte|_ne|_like)$/;

export function scanUnknownKeys(req: Request, collections: ReadonlyMap<string, Collection>) {
  const parts = req.path.split('/').filter(Boolean);
  // A list: /<resource>, or a nested list /<parent>/<id>/<resource>; Express matches any case.
  const name = parts.length === 1 ? parts[0] : parts.length === 3 ? parts[2] : undefined;
  const lower = name?.toLowerCase();
  const collection = [...collections.values()].find((c) => c.name.toLowerCase() === lower);
  if (!collection) return;
  const query = req.query as Record<string, unknown>;
  for (const key of Object.keys(query)) {
    if (NOT_SCANNED.has(key) || KEPT.test(key)) continue;
    let found = false;
    for (let i = 0; i < collection.items.length && !found; i++) {
      checkWork();
      found = lodash.has(collection.items[i], key);
    }
    if (!found) delete query[key];
  }
  let enumerations = 0;
  const wrapped = new Proxy(query, {
    // json-server reads _page before its scan and leaves it to the scan to drop (no record has
    // a _page field); with the scan skipped, its filters must not see it either.
    ownKeys: (target) =>
      ++enumerations === 1 ? [] : Reflect.ownKeys(target).filter((k) => k !== '_page'),
  });
  Object.defineProperty(req, 'query', {
    value: wrapped,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}
