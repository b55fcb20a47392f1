import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitVerifyArgs } from './verify-args.ts';

describe('splitVerifyArgs', () => {
  it('takes our options in either form and passes the rest on as typed, testid included', () => {
    const { verify, k6Args } = splitVerifyArgs([
      'ramp',
      '--prometheus',
      'http://127.0.0.1:9090',
      '--testid',
      'ramp-1',
      '--endpoint',
      'http://10.0.0.7:4000/crocodiles',
      '--load-profile=ci',
      '--scaling-policy=demo',
      '-e',
      'RATE=300',
    ]);
    assert.equal(verify.prometheus, 'http://127.0.0.1:9090');
    assert.equal(verify.testid, 'ramp-1');
    assert.equal(verify['scaling-policy'], 'demo');
    assert.equal(verify.namespace, 'default');
    assert.deepEqual(k6Args, [
      'ramp',
      '--testid=ramp-1',
      '--endpoint',
      'http://10.0.0.7:4000/crocodiles',
      '--load-profile=ci',
      '-e',
      'RATE=300',
    ]);
  });

  it('refuses an unknown scaling policy, naming the ones there are', () => {
    assert.throws(
      () => splitVerifyArgs(['ramp', '--scaling-policy=fast']),
      /--scaling-policy must be one of default or demo, got "fast"/,
    );
  });
});
