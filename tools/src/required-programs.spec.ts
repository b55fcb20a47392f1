/** Every program loadlab's code or tests run is provided by the machine or by a setup script. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import {
  programsProvided,
  programsUsed,
  unprovided,
  workspaceSources,
} from './required-programs.ts';

describe('programs the code runs', () => {
  it('are each installed by a setup script or on every supported machine', () => {
    const { sources, setupScripts } = workspaceSources(WORKSPACE_ROOT);
    const uses = sources.flatMap(programsUsed);
    assert.ok(uses.length > 20, `found ${uses.length} program uses: the scan reads the code`);
    const missing = unprovided(uses, programsProvided(setupScripts));
    assert.deepEqual(
      missing.map((u) => `${u.program} (needed by ${u.where})`),
      [],
      'no setup script installs these: add them to one under tools/setup, as ensure-test-tools.sh does wrk',
    );
  });

  it('names a program no setup script installs, and the code that needs it', () => {
    const code = {
      file: 'apps/benchmarks/src/wrk.ts',
      text: "import x from 'y';\nconst bin = requireBinary('wrk', 'apt-get install wrk');\n",
    };
    const none = programsProvided([
      { file: 'tools/setup/ensure-k6.sh', text: 'command -v wrk >/dev/null || fail "no wrk"' },
    ]);
    assert.deepEqual(unprovided(programsUsed(code), none), [
      { program: 'wrk', where: 'apps/benchmarks/src/wrk.ts:2' },
    ]);
    const withWrk = programsProvided([
      {
        file: 'tools/setup/ensure-test-tools.sh',
        text: 'command -v wrk >/dev/null || missing+=(wrk)',
      },
    ]);
    assert.deepEqual(unprovided(programsUsed(code), withWrk), []);
  });

  it('reads spawn-style calls, program lists and .tools builds; honours a marked optional use', () => {
    const uses = programsUsed({
      file: 'a.ts',
      text: [
        "execFileSync('promtool', ['check']);",
        "await host('iptables', ['-S']);",
        "export const REAL_NODE_PROGRAMS = [\n  'containerd',\n  'runc',\n];",
        '// optional program: used only when present; podman otherwise',
        "spawnSync('docker', ['version']);",
        "spawn('/bin/bash', []);",
        "execFileSync(`curl`, ['-s']);",
        "runSync('kubectl', ['version']);",
        "await run('helm', ['version']);",
        "import { run } from '@loadlab/process-supervisor';",
      ].join('\n'),
    });
    assert.deepEqual(
      uses.map((u) => u.program),
      ['promtool', 'iptables', 'curl', 'kubectl', 'helm', 'containerd', 'runc'],
    );
    const ownRun = "const run = (step: string) => step;\nrun('coarse');";
    assert.deepEqual(programsUsed({ file: 'b.ts', text: ownRun }), []);
    assert.deepEqual(
      programsUsed({
        file: 'libs/x/scripts/kube.sh',
        text: '#!/bin/bash\n# Programs: kubectl curl (why)\n',
      }),
      [
        { program: 'kubectl', where: 'libs/x/scripts/kube.sh:2' },
        { program: 'curl', where: 'libs/x/scripts/kube.sh:2' },
      ],
    );
    const built = programsProvided([
      { file: 'tools/setup/ensure-k6.sh', text: 'local_k6="$TOOLS_DIR/bin/k6"' },
    ]);
    assert.equal(built.get('k6'), 'tools/setup/ensure-k6.sh');
  });
});
