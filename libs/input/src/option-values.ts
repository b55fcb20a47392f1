/**
 * The values of the CLIs' options, as zod schemas: every CLI checks a number, a port, a date or
 * a name from a list the same way, and says so the same way:
 * `--parallelism must be a whole number from 1 to 16, got "0"`.
 * Run a CLI's parseArgs values through `z.object({ ... })` of these with parseOptionValues.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

export class OptionError extends Error {}

/** The names a list allows, for messages: `full, demo or ci`. */
export function oneOf(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/** A string option read by `read`, which returns undefined for a value it refuses. */
export function optionValue<T>(name: string, what: string, read: (s: string) => T | undefined) {
  return z.string().transform((s, ctx) => {
    const value = read(s);
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', input: s, message: `--${name} must be ${what}, got "${s}"` });
    return z.NEVER;
  });
}

export const positiveNumberOption = (name: string, max = Infinity) =>
  optionValue(name, `a number above 0${max < Infinity ? ` and at most ${max}` : ''}`, (s) => {
    const n = Number(s);
    return n > 0 && n <= max && Number.isFinite(n) ? n : undefined;
  });

/** A number in [min, max]: `a number from 0.05 to 1`, or `a number of at least 0.001`. */
export const numberOption = (name: string, min: number, max = Infinity) =>
  optionValue(
    name,
    max < Infinity ? `a number from ${min} to ${max}` : `a number of at least ${min}`,
    (s) => {
      const n = Number(s);
      return s.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
    },
  );

/** `MIN-MAX` (or one value for both) in ms, as [min, max]: the API's delay on /crocodiles. */
export const delayRangeOption = (name: string) =>
  optionValue(name, 'MIN-MAX in ms, like 30-250', (s) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    const range = m ? ([Number(m[1]), Number(m[2] ?? m[1])] as const) : undefined;
    return range && range[0] <= range[1] ? range : undefined;
  });

export const wholeNumberOption = (name: string, min: number, max: number) =>
  optionValue(name, `a whole number from ${min} to ${max}`, (s) =>
    /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined,
  );

export const portOption = (name: string) =>
  optionValue(name, 'a port 1-65535', (s) =>
    /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535 ? Number(s) : undefined,
  );

export const isoDateOption = (name: string) =>
  optionValue(name, 'an ISO date', (s) => {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
  });

export const oneOfOption = <T extends string>(name: string, names: readonly T[]) =>
  optionValue(name, `one of ${oneOf(names)}`, (s) => names.find((n) => n === s));

/**
 * A generator's command line: nothing, to write its files, or --check, to list the ones that
 * drifted and write none. Anything else exits 2 naming it, so a typo never rewrites files that
 * were meant to be checked.
 */
export function checkFlag(argv: readonly string[]): boolean {
  try {
    return parseArgs({ args: [...argv], options: { check: { type: 'boolean', default: false } } })
      .values.check;
  } catch (err) {
    console.error(`${(err as Error).message} (a generator takes only --check)`);
    return process.exit(2);
  }
}

/** Options no loadlab CLI takes any more, each with what to use: one name means one thing. */
const RETIRED: Readonly<Record<string, string>> = {
  profile:
    "the load profile is --load-profile=NAME, and ./loadlab demo's CPU profile of the API is --cpu-profile",
};

/** Why an argument names a retired option, or undefined; checked before parsing, for the hint. */
export function retiredOption(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    const name = /^--([a-z-]+)(=|$)/.exec(arg)?.[1];
    if (name && Object.hasOwn(RETIRED, name)) return `--${name} is not an option: ${RETIRED[name]}`;
  }
  return undefined;
}

/** Repeated `-e KEY=VALUE` (k6's -e variables), as a record. */
export const keyValueOption = z.array(z.string()).transform((list, ctx) => {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i < 1) {
      ctx.addIssue({ code: 'custom', input: kv, message: `-e expects KEY=VALUE, got "${kv}"` });
      return z.NEVER;
    }
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
});

/** The options, parsed; every refused one is named in one OptionError. */
export function parseOptionValues<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new OptionError(parsed.error.issues.map((i) => i.message).join('; '));
}
