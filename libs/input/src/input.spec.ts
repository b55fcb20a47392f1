/** Refusals name the value, where it is and what it must be; good values come out typed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { z } from 'zod';
import {
  envBoolean,
  EnvError,
  envInteger,
  envNotAbove,
  envOneOf,
  envValue,
  parseEnv,
} from './env-values.ts';
import { describeIssues } from './input-issues.ts';
import {
  delayRangeOption,
  isoDateOption,
  keyValueOption,
  numberOption,
  oneOf,
  oneOfOption,
  OptionError,
  parseOptionValues,
  portOption,
  checkFlag,
  positiveNumberOption,
  retiredOption,
  wholeNumberOption,
} from './option-values.ts';

describe('describeIssues', () => {
  const schema = z.strictObject({
    rate: z.number().max(1, { error: 'expected a rate from 0 to 1' }),
    limits: z.strictObject({ p95: z.number({ error: 'expected a number' }) }),
  });
  it('names the path, the value (or that it is missing) and the fix; unknown keys by their wording', () => {
    const input = { rate: 2, limits: { p95: 'x', p50: 1 }, extra: true };
    const r = schema.safeParse(input);
    assert.ok(!r.success);
    assert.deepEqual(
      describeIssues(r.error, input, { unknownKey: (p) => `${p} is not a field` }).sort(),
      [
        'extra is not a field',
        'limits.p50 is not a field',
        'limits.p95 is "x", expected a number',
        'rate is 2, expected a rate from 0 to 1',
      ],
    );
    const missing = schema.safeParse({});
    assert.ok(!missing.success);
    assert.match(describeIssues(missing.error, {}).join('; '), /rate is missing/);
  });
});

describe('option values', () => {
  const schema = z.object({
    rate: positiveNumberOption('rate', 10).optional(),
    n: wholeNumberOption('n', 1, 16).optional(),
    port: portOption('port').optional(),
    start: isoDateOption('start').optional(),
    profile: oneOfOption('profile', ['full', 'demo', 'ci']).optional(),
    env: keyValueOption.default({}),
  });
  it('reads good values into their types', () => {
    const o = parseOptionValues(schema, {
      rate: '2.5',
      n: '16',
      port: '9090',
      start: '2026-01-01T00:00:00Z',
      profile: 'ci',
      env: ['A=1', 'B=x=y'],
    });
    assert.deepEqual(o, {
      rate: 2.5,
      n: 16,
      port: 9090,
      start: new Date('2026-01-01T00:00:00Z'),
      profile: 'ci',
      env: { A: '1', B: 'x=y' },
    });
  });
  it('refuses each bad value by name, with the fix, all at once', () => {
    for (const [values, message] of [
      [{ rate: '0' }, '--rate must be a number above 0 and at most 10, got "0"'],
      [{ rate: 'abc' }, '--rate must be a number above 0 and at most 10, got "abc"'],
      [{ n: '1.5' }, '--n must be a whole number from 1 to 16, got "1.5"'],
      [{ port: '65536' }, '--port must be a port 1-65535, got "65536"'],
      [{ start: 'yesterday' }, '--start must be an ISO date, got "yesterday"'],
      [{ profile: 'nightly' }, '--profile must be one of full, demo or ci, got "nightly"'],
      [{ env: ['A'] }, '-e expects KEY=VALUE, got "A"'],
      [
        { n: '0', port: 'x' },
        '--n must be a whole number from 1 to 16, got "0"; --port must be a port 1-65535, got "x"',
      ],
    ] as const) {
      assert.throws(
        () => parseOptionValues(schema, values),
        (e: unknown) => e instanceof OptionError && e.message === message,
      );
    }
  });
  it('takes no Infinity for a number without an upper bound; numberOption bounds both ends', () => {
    const open = z.object({
      x: positiveNumberOption('x').optional(),
      f: numberOption('f', 0.05, 1).optional(),
      g: numberOption('g', 0.001).optional(),
      delay: delayRangeOption('delay').optional(),
    });
    for (const [values, message] of [
      [{ x: 'Infinity' }, '--x must be a number above 0, got "Infinity"'],
      [{ f: '1.5' }, '--f must be a number from 0.05 to 1, got "1.5"'],
      [{ f: ' ' }, '--f must be a number from 0.05 to 1, got " "'],
      [{ g: '0' }, '--g must be a number of at least 0.001, got "0"'],
      [{ delay: '9-1' }, '--delay must be MIN-MAX in ms, like 30-250, got "9-1"'],
    ] as const)
      assert.throws(
        () => parseOptionValues(open, values),
        (e: unknown) => e instanceof OptionError && e.message === message,
      );
    assert.deepEqual(parseOptionValues(open, { f: '0.05', g: '1e9', delay: '0-250' }), {
      f: 0.05,
      g: 1e9,
      delay: [0, 250],
    });
  });
  it('words a list of names', () => {
    assert.deepEqual([oneOf([]), oneOf(['a']), oneOf(['a', 'b', 'c'])], ['', 'a', 'a, b or c']);
  });
});

describe('environment variables', () => {
  const schema = z
    .object({
      LOW: envInteger('LOW', 0, 100, '10'),
      HIGH: envInteger('HIGH', 0, 100, '20'),
      ON: envBoolean('ON', 'false'),
      LEVEL: envOneOf('LEVEL', ['info', 'debug'], 'info'),
      NAME: envValue('NAME', 'must not be empty', 'x', (s) => s || undefined, { trim: true }),
    })
    .refine(...envNotAbove('LOW', 'HIGH'));
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      parseEnv(schema, env);
    } catch (e) {
      assert.ok(e instanceof EnvError);
      return e.problems;
    }
    assert.fail('expected an EnvError');
  };
  it('unset takes the fallback, parsed like a value; an empty one is a value; others are ignored', () => {
    assert.deepEqual(parseEnv(schema, { PATH: '/bin' }), {
      LOW: 10,
      HIGH: 20,
      ON: false,
      LEVEL: 'info',
      NAME: 'x',
    });
    assert.deepEqual(parseEnv(schema, { ON: 'YES', LEVEL: ' Debug ', NAME: ' n ' }), {
      LOW: 10,
      HIGH: 20,
      ON: true,
      LEVEL: 'debug',
      NAME: 'n',
    });
    assert.deepEqual(problems({ LOW: '' }), ['LOW must be an integer 0-100, got ""']);
  });
  it('names every bad variable with its value, and checks between two only when both are good', () => {
    assert.deepEqual(problems({ LOW: '50', HIGH: '40', ON: 'maybe', NAME: '  ' }), [
      'ON must be true or false, got "maybe"',
      'NAME must not be empty, got ""',
      'LOW (50) must not exceed HIGH (40)',
    ]);
    assert.deepEqual(problems({ LOW: '50', HIGH: '-1', LEVEL: 'loud' }), [
      'HIGH must be an integer 0-100, got "-1"',
      'LEVEL must be one of info, debug, got "loud"',
    ]);
    assert.throws(
      () => parseEnv(schema, { LOW: 'x' }),
      /^EnvError: invalid configuration:\n {2}- LOW/,
    );
  });
});

describe('retiredOption', () => {
  it('names a retired option in either form, with what to use, and passes anything else', () => {
    for (const argv of [['--profile'], ['x', '--profile=ci']])
      assert.match(
        retiredOption(argv)!,
        /^--profile is not an option: the load profile is --load-profile=NAME/,
      );
    assert.equal(retiredOption(['--load-profile=ci', '--cpu-profile', '--profiles']), undefined);
  });
});

describe('checkFlag', () => {
  it('is --check or nothing', () => {
    assert.equal(checkFlag(['--check']), true);
    assert.equal(checkFlag([]), false);
  });

  it('exits 2 naming anything else, so a typo never rewrites files meant as a check', () => {
    const code = `import { checkFlag } from ${JSON.stringify(new URL('./option-values.ts', import.meta.url).href)};
checkFlag(['--chek']);`;
    const r = runSync(process.execPath, ['--input-type=module', '-e', code], {
      okExitCodes: 'any',
    });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /Unknown option '--chek'.*\(a generator takes only --check\)/);
  });
});
