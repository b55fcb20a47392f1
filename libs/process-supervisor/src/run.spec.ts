/** Real programs run to completion: the result, and a RunError that explains each way a run fails. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLine, run, RunError, runSync } from './run.ts';

const node = process.execPath;

describe('run', () => {
  it('returns the output of a program that succeeds', async () => {
    const r = await run(node, ['-e', 'process.stdout.write("out"); process.stderr.write("err")']);
    assert.deepEqual([r.exitCode, r.stdout, r.stderr], [0, 'out', 'err']);
  });

  it('passes input, cwd and exactly the env it is given', async () => {
    const r = await run(
      node,
      [
        '-e',
        'process.stdin.pipe(process.stdout); console.error(process.cwd(), process.env.X, process.env.HOME)',
      ],
      {
        input: 'piped',
        cwd: '/tmp',
        env: { X: 'set' },
      },
    );
    assert.equal(r.stdout, 'piped');
    assert.equal(r.stderr.trim(), '/tmp set undefined');
  });

  it('fails with the command, the exit code and the last lines of output', async () => {
    const err = await run(node, [
      '-e',
      'for (let i = 0; i < 50; i++) console.error("line " + i); process.exit(3)',
    ]).catch((e) => e);
    assert.ok(err instanceof RunError);
    assert.equal(err.exitCode, 3);
    assert.match(
      err.message,
      /node -e .* exited with 3\n {2}last lines it printed:\n {4}line 30\n/,
    );
    assert.match(err.message, /line 49$/);
    assert.doesNotMatch(err.message, /line 29\n/);
  });

  it('accepts the exit codes it is told are not failures', async () => {
    const r = await run(node, ['-e', 'process.exit(1)'], { okExitCodes: [0, 1] });
    assert.equal(r.exitCode, 1);
    await assert.rejects(
      run(node, ['-e', 'process.exit(2)'], { okExitCodes: [0, 1] }),
      /exited with 2/,
    );
    const any = await run(node, ['-e', 'process.exit(7)'], { okExitCodes: 'any' });
    assert.equal(any.exitCode, 7);
  });

  it('stops a program at its time limit and says so', async () => {
    const started = Date.now();
    const err = await run(node, ['-e', 'console.log("waiting"); setInterval(() => {}, 1000)'], {
      timeoutMs: 300,
    }).catch((e) => e);
    assert.ok(err instanceof RunError);
    assert.equal(err.exitCode, undefined);
    assert.match(err.message, /timed out after 300 ms\n {2}last lines it printed:\n {4}waiting/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('stops a program when its signal is aborted', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    const err = await run(node, ['-e', 'setInterval(() => {}, 1000)'], {
      signal: stop.signal,
    }).catch((e) => e);
    assert.ok(err instanceof RunError);
    assert.match(err.message, /was aborted/);
  });

  it('says why a program could not start', async () => {
    const err = await run('/no/such/program', ['x']).catch((e) => e);
    assert.ok(err instanceof RunError);
    assert.equal(err.exitCode, undefined);
    assert.match(err.message, /^\/no\/such\/program x could not start: .*ENOENT/);
  });
});

describe('runSync', () => {
  it('returns output and fails like run', () => {
    assert.equal(runSync(node, ['-e', 'process.stdout.write("ok")']).stdout, 'ok');
    assert.throws(
      () => runSync(node, ['-e', 'console.error("bad"); process.exit(2)']),
      (e: unknown) => {
        assert.ok(e instanceof RunError);
        assert.equal(e.exitCode, 2);
        assert.match(e.message, /exited with 2\n {2}last lines it printed:\n {4}bad$/);
        return true;
      },
    );
    assert.throws(
      () => runSync(node, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 }),
      /timed out after 300 ms/,
    );
  });
});

describe('commandLine', () => {
  it('quotes what a shell would split or expand', () => {
    assert.equal(
      commandLine('k6', ['run', '-e', 'A=b c', "it's", 'x/y.js']),
      `k6 run -e 'A=b c' 'it'\\''s' x/y.js`,
    );
  });
});
