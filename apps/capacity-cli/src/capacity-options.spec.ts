import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCapacityOptions } from './capacity-options.ts';

describe('parseCapacityOptions', () => {
  it('defaults: demo plateaus of 10 s, the ramp suite, 70% utilization', () => {
    const o = parseCapacityOptions([]);
    assert.equal(o.plateauSeconds, 10);
    assert.equal(o.forSuite, 'ramp');
    assert.equal(o.targetUtilization, 0.7);
    // The pod as minikube's overlay renders it, at its request and its limit; sized from the request.
    assert.equal(o.overlay, 'minikube');
    assert.deepEqual(o.cpuLevels, ['request', 'limit']);
    assert.equal(o.sizeFrom, 'request');
    assert.equal(o.unconstrained, false);
  });
  it('takes what ./loadlab demo passes through', () => {
    const o = parseCapacityOptions(['--suite=capacity', '--load-profile=full']);
    assert.equal(o.plateauSeconds, 30);
  });
  it('names each bad option and its value', () => {
    const bad: [string[], RegExp][] = [
      [['--suite=ramp'], /--suite must be capacity, got "ramp"/],
      [
        ['--parallelism=3'],
        /--parallelism must be 1: the capacity search runs one k6 process.*got "3"/,
      ],
      [['--load-profile=fast'], /--load-profile must be one of full, demo or ci, got "fast"/],
      [['--base-url=localhost:4000'], /--base-url must be an http\(s\) URL/],
      [
        ['--target-utilization=1.5'],
        /--target-utilization must be a number from 0.05 to 1, got "1.5"/,
      ],
      [['--peak-rps=lots'], /--peak-rps must be a number of at least 0.001, got "lots"/],
      [['--max-rounds=4.5'], /--max-rounds must be a whole number from 3 to 50, got "4.5"/],
      [
        ['--start-rate=100', '--max-rate=50'],
        /--max-rate \(50\) must be above --start-rate \(100\)/,
      ],
      [['--api-delay=9-1'], /--api-delay must be MIN-MAX/],
      [['--for-suite=../etc'], /--for-suite must be a suite name/],
      [['--nope'], /Unknown option '--nope'/],
      [['--overlay=prod'], /--overlay must be one of minikube or aks, got "prod"/],
      [
        ['--cpu-levels=request,max'],
        /--cpu-levels must be request and\/or limit, like request,limit, got "request,max"/,
      ],
      [['--cpu-levels=limit'], /--size-from must be one of the levels searched \(limit\)/],
      [
        ['--unconstrained', '--base-url=http://127.0.0.1:1'],
        /takes neither --manifest nor --base-url/,
      ],
    ];
    for (const [argv, re] of bad)
      assert.throws(() => parseCapacityOptions(argv), re, argv.join(' '));
  });
  it('names every bad value at once, and reads good ones into numbers', () => {
    assert.throws(
      () => parseCapacityOptions(['--max-rate=x', '--overlay=prod', '--api-delay=fast']),
      (e: Error) =>
        e.message ===
        '--max-rate must be a number from 2 to 100000, got "x"; --api-delay must be MIN-MAX in ms, like 30-250, got "fast"; --overlay must be one of minikube or aks, got "prod"',
    );
    const o = parseCapacityOptions([
      '--start-rate=5',
      '--max-rate=50',
      '--api-delay=0',
      '--capacity=12.5',
    ]);
    assert.deepEqual(
      [o.startRate, o.maxRate, o.maxRounds, o.apiDelay, o.capacity, o.podReadySeconds],
      [5, 50, 16, [0, 0], 12.5, 10],
    );
  });
});
