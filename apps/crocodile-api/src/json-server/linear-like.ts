/**
 * `_like` without catastrophic backtracking. json-server tests each record with
 * `new RegExp(value, 'i')`, and V8's backtracking engine takes exponential time
 * on patterns like `^(a+)+$`. RE2 syntax (re2js, a pure-JS RE2) matches in time
 * linear in the input; it has no backreferences or lookarounds, which get 400.
 */
import { RE2JS } from 're2js';
import { checkWork } from './work-budget.ts';

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

/**
 * What json-server's plural router gets for `new RegExp(value, 'i')`, the one
 * RegExp it builds: from the client's `_like` value, already checked by
 * query-compat.ts. scoped-router.ts hands it this constructor in place of
 * RegExp, in that module's scope only.
 */
export function LinearLikeRegExp(pattern: unknown) {
  const re = compileLike(String(pattern));
  return {
    test: (s: unknown) => {
      checkWork();
      return re.matcher(String(s)).find();
    },
    source: String(pattern),
    flags: 'i',
  };
}
