/**
 * `_like` without catastrophic backtracking. json-server tests each record with
 * `new RegExp(value, 'i')`, and V8's backtracking engine takes exponential time
 * on patterns like `^(a+)+$`. RE2 syntax (re2js, a pure-JS RE2) matches in time
 * linear in the input; it has no backreferences or lookarounds, which get 400.
 */
import type { RequestHandler } from 'express';
import { RE2JS } from 're2js';

export const MAX_LIKE_PATTERN = 100;

export class LikeSyntaxError extends Error {}

const cache = new Map<string, RE2JS>();

export function compileLike(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  if (pattern.length > MAX_LIKE_PATTERN) {
    throw new LikeSyntaxError(
      `must be a regular expression of at most ${MAX_LIKE_PATTERN} characters`,
    );
  }
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    throw new LikeSyntaxError(
      `is not a valid regular expression (RE2 syntax: no backreferences or lookarounds): ${(err as Error).message}`,
    );
  }
  if (cache.size >= 256) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** What json-server gets for `new RegExp(value, 'i')` while it filters. */
function LinearRegExp(pattern: string) {
  const re = compileLike(String(pattern));
  return { test: (s: string) => re.matcher(String(s)).find() };
}

/**
 * Runs json-server's router with RegExp swapped for the linear matcher. The
 * list handler is synchronous (filter, sort, slice), so the swap covers it
 * exactly and no other code can observe it; a test guards that assumption.
 */
export function withLinearLike(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const hasLike = Object.keys(req.query as object).some((k) => k.endsWith('_like'));
    if (!hasLike) return handler(req, res, next);
    const native = globalThis.RegExp;
    globalThis.RegExp = LinearRegExp as unknown as RegExpConstructor;
    try {
      return handler(req, res, next);
    } finally {
      globalThis.RegExp = native;
    }
  };
}
