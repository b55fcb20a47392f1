/**
 * tools/versions.env is the one place each pinned version is written: no code, script or config
 * tracked by git writes one out again (comments citing upstream code at a version aside).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT, workspacePath } from '@loadlab/workspace';
import { pinnedLiterals, pinPatterns } from './pinned-literals.ts';
import { loadVersions } from './versions.ts';

/**
 * Not code: the env file itself, upstream files vendored verbatim (their own version is in them),
 * what generate.ts renders from the pins (drift-checked by k8s-manifests:build), lockfiles and the
 * Go wrapper modules (go.mod must name the version; upstream-copies.spec.ts checks it is the pin).
 */
const NOT_CODE = [
  /^tools\/versions\.env$/,
  /^libs\/k8s-manifests\/platform\//,
  /^libs\/local-cluster\/kwok\//,
  /^libs\/k8s-manifests\/(base|load|overlays|compose)\//,
  /(^|\/)package-lock\.json$/,
  /\.md$/,
  // READ_AT: the tags its upstream citations were read at; libs/capacity/src/read-at.spec.ts holds
  // it to the pins, so a bump fails until the citations are re-read.
  /^libs\/capacity\/src\/keda-refs\.ts$/,
];
const CODE = /\.([cm]?[jt]s|sh|json|ya?ml)$/;

describe('pinned versions are written once', () => {
  it('no tracked code, script or config repeats a version from tools/versions.env', async () => {
    const pins = pinPatterns(await loadVersions());
    assert.ok(pins.some((p) => p.key === 'KEDA_VERSION'));
    const files = runSync('git', ['ls-files'], { cwd: WORKSPACE_ROOT, timeoutMs: 30_000 })
      .stdout.split('\n')
      .filter((f) => CODE.test(f) && !NOT_CODE.some((re) => re.test(f)));
    assert.ok(files.length > 100, `${files.length} files`);
    const found = files.flatMap((f) =>
      pinnedLiterals(f, readFileSync(workspacePath(f), 'utf8'), pins),
    );
    assert.deepEqual(
      found.map((f) => `${f.file}: ${f.key} in ${JSON.stringify(f.text)}`),
      [],
      'read these from tools/versions.env instead',
    );
  });

  // Made-up pins, so that this file repeats none of the real ones.
  it('finds a pin in a string or in a script, not in a comment (the search can fail)', () => {
    const pins = pinPatterns({ KEDA_VERSION: 'v9.8.7', K6_OPERATOR_VERSION: 'v5.4.3' });
    const ts = [
      '// keda v9.8.7 pkg/scaling/scale_handler.go:680-697',
      "const url = 'https://github.com/kedacore/keda/releases/download/v9.8.7/keda-9.8.7.yaml';",
      'const msg = `KEDA 9.8.7: ${x}`;',
      "const other = '19.8.7 1.9.8.7 v5.4.31 5.4.3.1 5.4.3-rc.1';",
      "const file = 'platform/k6-operator-v5.4.3.yaml';",
      "const crd = 'keda.sh_scaledobjects.v9.8.7.yaml';",
      'const re = /keda-v9\\.8\\.7\\.yaml$/;',
    ].join('\n');
    assert.deepEqual(
      pinnedLiterals('a.ts', ts, pins).map((f) => f.key),
      ['KEDA_VERSION', 'KEDA_VERSION', 'K6_OPERATOR_VERSION', 'KEDA_VERSION', 'KEDA_VERSION'],
    );
    const sh = '# k6-operator v5.4.3 says so\nURL=https://x/v5.4.3/bundle.yaml # v9.8.7\n';
    assert.deepEqual(
      pinnedLiterals('a.sh', sh, pins).map((f) => f.key),
      ['K6_OPERATOR_VERSION'],
    );
  });
});
