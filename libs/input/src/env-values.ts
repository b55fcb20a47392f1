/**
 * Environment variables, as zod schemas: a service's config is one `z.object({ NAME: ... })` of
 * these, parsed with parseEnv, and every bad variable is named with its value and the rule,
 * all at once: `PORT must be an integer 0-65535, got "abc"`.
 */
import { z } from 'zod';

/**
 * A variable read by `read`, which returns undefined for a value it refuses; `fallback` is used
 * when the variable is unset (an empty one is a value, as a shell sets it). With `trim`, read
 * and the message see the value without its surrounding blanks.
 */
export function envValue<T>(
  name: string,
  rule: string,
  fallback: string,
  read: (raw: string) => T | undefined,
  o: { readonly trim?: boolean } = {},
) {
  return z
    .string()
    .transform((given, ctx) => {
      const raw = o.trim ? given.trim() : given;
      const value = read(raw);
      if (value !== undefined) return value;
      ctx.addIssue({ code: 'custom', input: raw, message: `${name} ${rule}, got "${raw}"` });
      return z.NEVER;
    })
    .prefault(fallback);
}

export const envInteger = (name: string, min: number, max: number, fallback: string) =>
  envValue(name, `must be an integer ${min}-${max}`, fallback, (raw) => {
    const s = raw.trim();
    return /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined;
  });

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no', ''];
export const envBoolean = (name: string, fallback: string) =>
  envValue(name, 'must be true or false', fallback, (raw) => {
    const s = raw.trim().toLowerCase();
    return TRUE.includes(s) ? true : FALSE.includes(s) ? false : undefined;
  });

/** One of `names`, whatever its case. */
export const envOneOf = <T extends string>(name: string, names: readonly T[], fallback: string) =>
  envValue(name, `must be one of ${names.join(', ')}`, fallback, (raw) =>
    names.find((n) => n === raw.trim().toLowerCase()),
  );

/**
 * A check between two variables, for `.refine(...)` on the object: it runs even when another
 * variable is bad (so every problem is reported at once), and says nothing when either of
 * these two is bad itself (that one's own problem says it).
 */
export function envNotAbove<K extends string>(low: K, high: K) {
  return [
    (v: Record<K, unknown>) => {
      const [a, b] = [v[low], v[high]];
      return typeof a !== 'number' || typeof b !== 'number' || a <= b;
    },
    {
      when: () => true,
      error: (issue: { input: unknown }) => {
        const v = issue.input as Record<K, unknown>;
        return `${low} (${String(v[low])}) must not exceed ${high} (${String(v[high])})`;
      },
    },
  ] as const;
}

export class EnvError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvError';
    this.problems = problems;
  }
}

/** The variables, parsed; every refused one is named in one EnvError. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new EnvError(parsed.error.issues.map((i) => i.message));
}
