/** The local run's options: one name for each thing, and a refusal that names the option and the fix. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOptions, UsageError } from './options.ts';

describe('local-run options', () => {
  it('--cpu-profile profiles the API; --profile, once the CPU profile here and the load profile in k6-cli, is refused', () => {
    assert.equal(parseOptions(['--cpu-profile']).cpuProfile, true);
    assert.equal(parseOptions([]).cpuProfile, false);
    for (const arg of ['--profile', '--profile=ci'])
      assert.throws(
        () => parseOptions([arg]),
        (e: Error) =>
          e instanceof UsageError &&
          /^--profile is not an option: the load profile is --load-profile=NAME, and .* --cpu-profile$/.test(
            e.message,
          ),
      );
  });

  it('reads the load profile, ports, delay, parallelism and -e variables', () => {
    const o = parseOptions(
      ['--suite=smoke', '--load-profile=ci', '--api-port=4100', '--api-delay=5-9'].concat([
        '--parallelism=2',
        '-e',
        'RATE=300',
        '-e',
        'X=a=b',
      ]),
    );
    assert.deepEqual(
      [o.suite, o.loadProfile, o.apiPort, o.apiDelay, o.parallelism, o.k6Env],
      ['smoke', 'ci', 4100, [5, 9], 2, { RATE: '300', X: 'a=b' }],
    );
  });

  it('names each refused value and what it must be', () => {
    for (const [args, message] of [
      [['--suite=nope'], /--suite must be one of smoke, .* or capacity, got "nope"/],
      [['--load-profile=nightly'], /--load-profile must be one of full, demo or ci, got "nightly"/],
      [['--api-port=70000'], /--api-port must be a port 1-65535, got "70000"/],
      [['--api-delay=9-5'], /--api-delay must be MIN-MAX in ms, like 30-250, got "9-5"/],
      [['--parallelism=0'], /--parallelism must be a whole number from 1 to \d+, got "0"/],
      [['-e', 'RATE'], /-e expects KEY=VALUE, got "RATE"/],
    ] as const) {
      assert.throws(() => parseOptions(args), message);
    }
  });
});
