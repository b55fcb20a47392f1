/**
 * Makes json-server 0.17 (written for Express 4) safe to mount in Express 5,
 * and bounds the work one query can cause: every parameter json-server would
 * misread, crash on, or spend unbounded time on gets a 400 naming it.
 */
import type { RequestHandler } from 'express';
import pluralize from 'pluralize';
import { sendError } from '../http/errors.ts';
import { compileLike, LikeSyntaxError, MAX_LIKE_PATTERN } from './linear-like.ts';

/** json-server reads these as one value; a repeated one crashes or misleads it. */
const SINGLE = new Set(['_sort', '_order', '_page', '_limit', '_start', '_end', 'q', 'callback']);
const INTEGER = new Set(['_page', '_limit', '_start', '_end']);
const FIELD_LIST = /^[\w.$-]{1,64}(,[\w.$-]{1,64}){0,9}$/;
const ORDER_LIST = /^(asc|desc)(,(asc|desc)){0,9}$/i;
const MAX_PARAMS = 50;
/** json-server's _embed scans the embedded resource once per listed record. */
export const MAX_EMBED_WORK = 5_000_000;
/** Listed records that _embed or _expand may work on at once. */
export const MAX_EMBED_ROWS = 10_000;

const LINK_HOST = 'crocodile-api.invalid';
const LINK_ROOT = `http://${LINK_HOST}`;

/** Record counts by resource name. */
export type Sizes = ReadonlyMap<string, { readonly size: number }>;

export function jsonServerCompat(
  resources: () => Iterable<string>,
  sizes: Sizes = new Map(),
): RequestHandler {
  return (req, res, next) => {
    // Express 5's req.query is a getter that re-parses the URL on every access.
    // json-server deletes _sort, _page, q... from it before filtering; on a getter
    // those deletes are lost, the keys are then used as filters and lists come back [].
    const query: Record<string, unknown> = Object.assign(Object.create(null), req.query);
    // json-server would otherwise sleep for any client-chosen time (a free DoS).
    delete query._delay;

    const problem =
      checkQuery(query, new Set(resources())) ?? checkEmbedWork(req.path, query, sizes);
    if (problem) return sendError(res, 400, problem);

    Object.defineProperty(req, 'query', {
      value: query,
      writable: true,
      configurable: true,
      enumerable: true,
    });
    // json-server builds pagination links from the Host header. It gets a fixed one,
    // whose exact prefix is then cut off: links stay relative whatever Host a client
    // sends (even `a/>; rel="preload", <https://evil.example/`, or none at all).
    req.headers.host = LINK_HOST;
    const links = res.links.bind(res);
    res.links = (l: Record<string, string>) =>
      links(
        Object.fromEntries(
          Object.entries(l).map(([rel, url]) => [
            rel,
            url.startsWith(LINK_ROOT) ? url.slice(LINK_ROOT.length) : url,
          ]),
        ),
      );
    if (req.method === 'GET' || req.method === 'HEAD') {
      // As json-server: HTTP/1.0 caches read Pragma and Expires.
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Pragma', 'no-cache');
      res.setHeader('Expires', '-1');
    }

    // Our express.json() has read the body already; json-server's body-parser 1.x
    // skips a request only when this flag is set.
    (req as { _body?: boolean })._body = true;
    // json-server honours method overrides; that would let a POST skip our validation as a PUT.
    delete req.headers['x-http-method-override'];
    next();
  };
}

/** How many records json-server's list will hand to _embed, as its own slicing decides. */
function listedRows(query: Record<string, unknown>, listed: number): number {
  const n = (key: string) => (query[key] === undefined ? undefined : Number(query[key]));
  const start = n('_start') ?? 0;
  // json-server: _page wins over _end, which wins over _limit; _page's limit defaults to 10.
  if (query._page !== undefined) return Math.min(listed, n('_limit') || 10);
  const end = n('_end');
  if (end !== undefined) return Math.max(0, Math.min(listed, end) - start);
  const limit = n('_limit');
  if (limit !== undefined) return Math.max(0, Math.min(listed - start, limit));
  return listed;
}

function checkEmbedWork(path: string, query: Record<string, unknown>, sizes: Sizes) {
  if (query._embed === undefined && query._expand === undefined) return undefined;
  const parts = path.split('/').filter(Boolean);
  // A list (/crocodiles), a nested list (/crocodiles/1/keepers, listed from keepers), or one record.
  const listedFrom = parts.length === 1 ? parts[0] : parts.length === 3 ? parts[2] : undefined;
  const listed = listedFrom === undefined ? 1 : (sizes.get(listedFrom)?.size ?? 0);
  const rows = listedFrom === undefined ? 1 : listedRows(query, listed);
  // json-server deep-copies every listed record before it embeds or expands.
  if (rows > MAX_EMBED_ROWS) {
    return `_embed/_expand on ${rows} records (at most ${MAX_EMBED_ROWS}); page the list with _page/_limit`;
  }
  if (query._embed === undefined) return undefined;
  let work = 0;
  for (const target of ([] as unknown[]).concat(query._embed)) {
    work += rows * (sizes.get(String(target))?.size ?? 0);
    if (work > MAX_EMBED_WORK) {
      return `_embed on ${rows} records would scan ${work} records (at most ${MAX_EMBED_WORK}); page the list with _page/_limit`;
    }
  }
  return undefined;
}

function checkQuery(query: Record<string, unknown>, resources: Set<string>): string | undefined {
  const keys = Object.keys(query);
  if (keys.length > MAX_PARAMS) return `at most ${MAX_PARAMS} query parameters, got ${keys.length}`;
  for (const key of keys) {
    const values = ([] as unknown[]).concat(query[key]);
    if (values.some((v) => typeof v !== 'string')) return `query parameter ${key} is malformed`;
    if (SINGLE.has(key) && values.length > 1) {
      return `query parameter ${key} may appear once, got ${values.length} values`;
    }
    const value = values[0] as string;
    if (INTEGER.has(key) && !/^\d{1,9}$/.test(value)) {
      return `${key} must be a non-negative integer, got "${value}"`;
    }
    if (key === '_sort' && !FIELD_LIST.test(value)) {
      return `_sort must be up to 10 comma-separated field names, got "${value}"`;
    }
    if (key === '_order' && !ORDER_LIST.test(value)) {
      return `_order must be asc or desc (comma-separated, one per _sort field), got "${value}"`;
    }
    if (key === '_embed' || key === '_expand') {
      for (const v of values as string[]) {
        const target = key === '_embed' ? v : pluralize(v);
        if (!resources.has(target)) {
          return `${key}=${v} names no resource; resources: ${[...resources].join(', ')}`;
        }
      }
    }
    if (key.endsWith('_like')) {
      for (const v of values as string[]) {
        try {
          compileLike(v);
        } catch (err) {
          if (err instanceof LikeSyntaxError) return `${key} ${err.message}`;
          throw err;
        }
      }
      if (values.length > 5) return `${key} may appear at most 5 times`;
    }
  }
  return undefined;
}

export { MAX_LIKE_PATTERN };
