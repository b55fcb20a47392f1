/** `./loadlab demo --cluster`'s options: each refused value names the option and what it must be. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLUSTER_PROFILES, parseClusterOptions } from './cluster-options.ts';
import { UsageError } from './options.ts';

describe('parseClusterOptions', () => {
  it('defaults to scale-out at the demo profile, on the host k6', () => {
    const o = parseClusterOptions(['--cluster']);
    assert.deepEqual(
      { ...o, profile: undefined },
      {
        suite: 'scale-out',
        loadProfile: 'demo',
        profile: undefined,
        runners: undefined,
        fault: undefined,
      },
    );
    assert.equal(o.profile, CLUSTER_PROFILES.demo);
  });

  it("refuses a profile name that is only an object's own property name", () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      assert.throws(
        () => parseClusterOptions(['--cluster', `--load-profile=${name}`]),
        (e: Error) =>
          e instanceof UsageError &&
          e.message ===
            `--load-profile must be one of ci, demo or full, got "${name}" (with --cluster)`,
      );
  });

  it('refuses runners outside 1-16, an unknown fault and a suite that does not verify scaling', () => {
    for (const [arg, message] of [
      ['--runners=0', /--runners must be a whole number from 1 to 16, got "0"/],
      ['--runners=2.5', /--runners must be a whole number from 1 to 16, got "2.5"/],
      [
        '--fault=kill-all',
        /--fault must be one of delete-api-pod or restart-prometheus, got "kill-all"/,
      ],
      ['--suite=smoke', /--suite must be one of .*scale-out.*, got "smoke" \(with --cluster\)/],
    ] as const)
      assert.throws(() => parseClusterOptions(['--cluster', arg]), message);
    assert.equal(parseClusterOptions(['--runners=3']).runners, 3);
  });
});
