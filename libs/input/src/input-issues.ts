/**
 * zod's issues as loadlab's input errors: each names where the bad value is, the value itself,
 * and what it must be, e.g. `maxErrorRate is 2, expected a rate from 0 to 1`. Schemas word
 * their errors to follow on from that: `expected ...`.
 */
import type { z } from 'zod';

export interface IssueWording {
  /** Says that a key is not known there, e.g. `p50 is not an SLO field`; path is dotted. */
  readonly unknownKey?: (path: string) => string;
}

const dotted = (path: readonly PropertyKey[]) => path.map(String).join('.');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as any)[key] : undefined;
  return v;
}

const shown = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v));

/** One line per problem, in the order zod found them. */
export function describeIssues(
  error: z.ZodError,
  input: unknown,
  wording: IssueWording = {},
): string[] {
  return error.issues.flatMap((i) => {
    const at = dotted(i.path);
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => {
        const path = at ? `${at}.${k}` : k;
        return wording.unknownKey?.(path) ?? `${path} is not expected here`;
      });
    }
    // A bad record key: the key's own issue says why.
    if (i.code === 'invalid_key') return [`${at}: ${i.issues.map((k) => k.message).join(', ')}`];
    return [`${at || 'the input'} is ${shown(valueAt(input, i.path))}, ${i.message}`];
  });
}
