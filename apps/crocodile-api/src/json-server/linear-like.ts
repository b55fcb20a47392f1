/**
 * `_like` without catastrophic backtracking. json-server tests each record with
 * `new RegExp(value, 'i')`, and V8's backtracking engine takes exponential time
 * on patterns like `^(a+)+$`. RE2 syntax (re2js, a pure-JS RE2) matches in time
 * linear in the input; it has no backreferences or lookarounds, which get 400.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { RE2JS } from 're2js';
import { checkWork, withBudget } from './work-budget.ts';

export const MAX_LIKE_PATTERN = 100;
/**
 * RE2 matches in time linear in the input, times the size of the compiled
 * program: `(.*){1000}` is 9 characters but 4,002 instructions, and took 2 s on
 * one 10,000-character string. 64 instructions keep one match of the longest
 * stored string (10,000 characters) to a few tens of milliseconds.
 */
export const MAX_LIKE_PROGRAM = 64;

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
  const size = (re as unknown as { re2Input: { prog: { inst: unknown[] } } }).re2Input.prog.inst
    .length;
  if (size > MAX_LIKE_PROGRAM) {
    throw new LikeSyntaxError(
      `is too complex: it compiles to ${size} RE2 instructions, at most ${MAX_LIKE_PROGRAM} are allowed (repetitions such as {n} count their body n times); use a simpler pattern`,
    );
  }
  if (cache.size >= 256) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** What json-server gets for `new RegExp(value, 'i')` while it filters. */
function linearRegExp(pattern: string) {
  const re = compileLike(pattern);
  return {
    test: (s: unknown) => {
      checkWork();
      return re.matcher(String(s)).find();
    },
    source: pattern,
    flags: 'i',
  };
}

/** The `_like` patterns of the request being handled, across its async steps. */
const likePatterns = new AsyncLocalStorage<ReadonlySet<string>>();
let installed = false;

/**
 * json-server calls `new RegExp(value, 'i')` on the client's `_like` value
 * deep inside its router, with no hook to replace it, and not synchronously
 * from our middleware. So RegExp is wrapped once: a construction with exactly
 * one of the current request's patterns and the flag `i` gets the linear
 * matcher; every other construction (any other code, any other request) gets
 * the native RegExp, unchanged.
 */
function installLinearRegExp(): void {
  if (installed) return;
  installed = true;
  const Native = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Native, {
    construct(target, args: [unknown, unknown?], newTarget) {
      const [pattern, flags] = args;
      if (
        flags === 'i' &&
        typeof pattern === 'string' &&
        newTarget === globalThis.RegExp &&
        likePatterns.getStore()?.has(pattern)
      ) {
        return linearRegExp(pattern);
      }
      return Reflect.construct(target, args, newTarget === globalThis.RegExp ? target : newTarget);
    },
  });
}

/**
 * Runs json-server's router so that its `_like` filters use the linear matcher,
 * and under a work budget (work-budget.ts).
 */
export function withLinearLike(handler: RequestHandler): RequestHandler {
  installLinearRegExp();
  return (req, res, next) => withBudget(() => likeHandler(req, res, next));
  function likeHandler(...[req, res, next]: Parameters<RequestHandler>) {
    const query = req.query as Record<string, unknown>;
    const patterns = new Set<string>();
    for (const key of Object.keys(query)) {
      if (key.endsWith('_like'))
        for (const v of ([] as unknown[]).concat(query[key])) patterns.add(String(v));
    }
    if (!patterns.size) return handler(req, res, next);
    return likePatterns.run(patterns, () => handler(req, res, next));
  }
}
