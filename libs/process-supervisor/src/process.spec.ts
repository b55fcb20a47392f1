/** Real child processes: started, awaited, stopped by PID, and cleaned up when the parent is signalled. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { listeningPorts } from './listening-ports.ts';
import { assertPortFree, freePort } from './ports.ts';
import { NotReadyError, startProcess, waitUntilReady } from './process.ts';
import { MissingBinaryError, requireBinary } from './require-binary.ts';
import { waitFor } from './wait-for.ts';

const node = (script: string) => startProcess(process.execPath, ['-e', script]);

/** Gone, or a zombie nobody has reaped yet (PID 1 in a container may not reap). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('startProcess', () => {
  it('keeps output and reports the exit code', async () => {
    const p = node('console.log("out"); console.error("err"); process.exit(3)');
    assert.equal(await p.exited, 3);
    assert.match(p.output(), /out/);
    assert.match(p.lastLines(), /err/);
  });

  it('says when a program cannot be started', async () => {
    const p = startProcess('/no/such/program', []);
    assert.equal(p.pid, -1);
    assert.equal(await p.exited, -1);
    assert.match(p.output(), /could not start \/no\/such\/program/);
  });

  it('stops by PID with SIGTERM, then SIGKILL after the bound', async () => {
    const polite = node('setInterval(() => {}, 1000)');
    assert.equal(await polite.stop(), 'SIGTERM');
    const stubborn = node(
      'process.on("SIGTERM", () => console.log("ignored")); console.log("up"); setInterval(() => {}, 1000)',
    );
    await stubborn.waitForOutput(/up/);
    assert.equal(await stubborn.stop('SIGTERM', 300), 'SIGKILL');
    assert.match(stubborn.output(), /ignored/);
  });

  it('stops once when asked twice at the same time, and after exit', async () => {
    const p = node('setInterval(() => {}, 1000)');
    assert.deepEqual(await Promise.all([p.stop(), p.stop()]), ['SIGTERM', 'SIGTERM']);
    assert.equal(await p.stop(), 'SIGTERM');
  });

  it('keeps a bounded tail of a flood of output', async () => {
    const p = node('for (let i = 0; i < 4096; i++) console.log(String(i).padEnd(1023, "."))');
    assert.equal(await p.exited, 0);
    assert.ok(p.output().length <= 2 * 1024 * 1024, `kept ${p.output().length} chars`);
    assert.match(p.output(), /4095\.+\n$/);
  });

  it('waitForOutput fails once the process has exited', async () => {
    const p = node('console.log("bye")');
    await assert.rejects(p.waitForOutput(/never/, 60_000), /node exited \(0\) before printing/);
  });
});

describe('waitUntilReady', () => {
  it('returns what the check found', async () => {
    const p = node('setTimeout(() => console.log("port=1234"), 200); setInterval(() => {}, 1000)');
    try {
      const m = await waitUntilReady(p, () => /port=(\d+)/.exec(p.output())?.[1], {
        what: 'printing its port',
      });
      assert.equal(m, '1234');
    } finally {
      await p.stop();
    }
  });

  it('stops polling as soon as the process dies, with its exit code and last stderr lines', async () => {
    const p = node('console.error("config: PORT must be an integer"); process.exit(78)');
    let checks = 0;
    const err = await waitUntilReady(p, () => void checks++, {
      what: 'answering /readyz',
      timeoutMs: 600_000,
    }).catch((e: Error) => e);
    assert.ok(err instanceof NotReadyError);
    assert.match(err.message, /^node exited \(78\) before answering \/readyz/);
    assert.match(err.message, /last lines it printed:\n {4}config: PORT must be an integer/);
    const after = checks;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(checks, after, 'no polling after the failure');
  });

  it('times out with the last lines, and stops the process by PID', async () => {
    const p = node('console.error("still starting"); setInterval(() => {}, 1000)');
    await assert.rejects(
      waitUntilReady(p, () => false, { what: 'being ready', timeoutMs: 300 }),
      /timed out after 300 ms waiting for node: being ready[\s\S]*still starting/,
    );
    assert.notEqual(p.child.exitCode ?? p.child.signalCode, null, 'stopped');
  });
});

describe('cleanup when the parent is stopped by a signal', () => {
  const parentScript = (ownProcessGroup: boolean) => `
    const { startProcess } = await import(${JSON.stringify(new URL('./process.ts', import.meta.url).href)});
    const child = startProcess('sleep', ['300'], { ownProcessGroup: ${ownProcessGroup} });
    console.log('child=' + child.pid);
    setInterval(() => {}, 1000);
  `;
  for (const [signal, ownProcessGroup] of [
    ['SIGTERM', false],
    ['SIGINT', false],
    ['SIGTERM', true],
    ['SIGINT', true],
  ] as const) {
    it(`${signal} to the parent stops its children${ownProcessGroup ? ', in their own process group too' : ''}`, async () => {
      const parent = startProcess(process.execPath, [
        '--input-type=module',
        '-e',
        parentScript(ownProcessGroup),
      ]);
      const child = Number((await parent.waitForOutput(/child=(\d+)/))[1]);
      try {
        assert.equal(isGone(child), false, 'the child runs');
        process.kill(parent.pid, signal);
        assert.equal(await parent.exited, signal);
        await waitFor(() => isGone(child), { what: `child ${child} to be gone`, timeoutMs: 5000 });
      } finally {
        if (!isGone(child)) process.kill(child, 'SIGKILL');
      }
    });
  }
});

describe('ownProcessGroup', () => {
  it("a Ctrl-C to the parent's process group reaches only children in that group; its own group's child is stopped on exit", async () => {
    const script = `
      const { startProcess } = await import(${JSON.stringify(new URL('./process.ts', import.meta.url).href)});
      const shared = startProcess('sleep', ['300']);
      const own = startProcess('sleep', ['300'], { ownProcessGroup: true });
      console.log('own=' + own.pid);
      process.on('SIGINT', async () => {
        const code = await shared.exited;
        let alive = true;
        try { process.kill(own.pid, 0); } catch { alive = false; }
        console.log('shared exited ' + code + ', own alive ' + alive);
        process.exit(0);
      });
      setInterval(() => {}, 1000);
    `;
    // The parent in a group of its own too, so the group signal cannot reach this test runner.
    const parent = startProcess(process.execPath, ['--input-type=module', '-e', script], {
      ownProcessGroup: true,
    });
    const own = Number((await parent.waitForOutput(/own=(\d+)/))[1]);
    try {
      process.kill(-parent.pid, 'SIGINT'); // what a terminal sends to its foreground group
      assert.equal(await parent.exited, 0);
      assert.match(parent.output(), /shared exited SIGINT, own alive true/);
      await waitFor(() => isGone(own), { what: `child ${own} to be gone`, timeoutMs: 5000 });
    } finally {
      if (!isGone(own)) process.kill(own, 'SIGKILL');
    }
  });
});

describe('ports', () => {
  it('says clearly when a chosen port is taken', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await assert.rejects(
        assertPortFree((server.address() as AddressInfo).port, 'Prometheus'),
        /port \d+ for Prometheus is already in use/,
      );
      await assertPortFree(await freePort(), 'Prometheus');
    } finally {
      server.close();
    }
  });

  it('finds the port a process really bound when told port 0', async () => {
    const p = node(
      'const s = require("net").createServer().listen(0, "127.0.0.1", () => console.log("bound=" + s.address().port))',
    );
    try {
      const [, bound] = await p.waitForOutput(/bound=(\d+)/);
      assert.deepEqual(await listeningPorts(p.pid), [Number(bound)]);
    } finally {
      await p.stop();
    }
    assert.deepEqual(await listeningPorts(p.pid), [], 'nothing once it has gone');
  });
});

describe('requireBinary', () => {
  it('says how to install a missing program', () => {
    assert.throws(
      // optional program: this test is about a program that is missing
      () => requireBinary('no-such-program-here', 'apt-get install -y it'),
      (e: Error) =>
        e instanceof MissingBinaryError &&
        /no-such-program-here not found on PATH; install it: apt-get install -y it/.test(e.message),
    );
  });
});
