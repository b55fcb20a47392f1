/**
 * npx nx run capacity-cli:threshold-doc [-- capacity options] [--allow-noisy]
 *
 * One command regenerates docs/choosing-a-threshold.md and its charts (docs/images/capacity-*.png)
 * from a fresh capacity run (the pod's request and limit, the demo's 10 s plateaus unless told
 * otherwise): the busiest other processes first, then the run, then explain with its figure. A run
 * that is not fit to publish (noisy machine, generator-bound where the advice sizes from, unsettled,
 * no figure) leaves the docs
 * unchanged and exits 1, saying why; --allow-noisy publishes it under an UNRELIABLE banner.
 * Exit code: 0 written, 1 refused (docs unchanged), 2 could not run.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { busiestOthers } from '@loadlab/capacity';
import {
  abortOnSignals,
  run as runProgram,
  RunError,
  startProcess,
} from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import type { CapacityRun } from './capacity-report.ts';
import { docRefusal } from './threshold-doc.ts';
import { publishThresholdDoc } from './threshold-doc-publish.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const DOC = join(WORKSPACE_ROOT, 'docs/choosing-a-threshold.md');
const IMAGES = join(WORKSPACE_ROOT, 'docs/images');
const COMMAND = 'npx nx run capacity-cli:threshold-doc';

const argv = process.argv.slice(2);
const allowNoisy = argv.includes('--allow-noisy');
const passed = argv.filter((a) => a !== '--allow-noisy');
if (passed.some((a) => /^--(out|capacity|base-url|unconstrained)(=|$)/.test(a))) {
  console.error(
    'threshold-doc: could not run: the guide is made from a measured run of the local API as the pod gets it; --out, --capacity, --base-url and --unconstrained are not taken',
  );
  process.exit(2);
}
const signal = abortOnSignals();
const date = new Date().toISOString();
const out = join(WORKSPACE_ROOT, 'reports/capacity', `threshold-doc-${date.replace(/[:.]/g, '-')}`);
await mkdir(out, { recursive: true });

const others = await busiestOthers(3);
console.log(
  `busiest other processes: ${others.map((p) => `${p.comm} (pid ${p.pid}) ${p.cores.toFixed(2)} cores`).join(', ') || 'none'}`,
);

/** Runs a CLI of this app, echoing its output; resolves with its exit code and output. */
async function cli(script: string, args: string[], echo = true) {
  const p = startProcess(process.execPath, [here(script), ...args], {
    onOutput: echo ? (c) => process.stdout.write(c) : undefined,
  });
  const onAbort = () => void p.stop('SIGINT');
  signal.addEventListener('abort', onAbort);
  const code = await p.exited;
  signal.removeEventListener('abort', onAbort);
  return { code, output: p.output() };
}

const measured = await cli('./capacity-main.ts', [...passed, `--out=${out}`]);
if (signal.aborted || measured.code === 2 || typeof measured.code !== 'number') {
  console.error('threshold-doc: could not run: the capacity run did not complete; docs unchanged');
  process.exit(2);
}
const run = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as CapacityRun;
const refusal = docRefusal(run);
if (refusal.length && (!allowNoisy || run.capacity === null)) {
  console.error(
    `\nthreshold-doc: REFUSED, docs/choosing-a-threshold.md unchanged: ${refusal.join('; ')}.\nRun it again on a quiet machine${run.capacity === null ? '' : ', or pass --allow-noisy to publish it marked UNRELIABLE'}. The run is in ${relative(WORKSPACE_ROOT, out)}.`,
  );
  process.exit(1);
}
// The run withholds advice from an unreliable figure; published marked, it is sized from it anyway.
let report = join(out, 'report.html');
let advice = run.advice;
if (!advice) {
  const dir = join(out, 'advice');
  const given = await cli(
    './capacity-main.ts',
    [
      `--capacity=${run.capacity}`,
      `--out=${dir}`,
      ...passed.filter((a) =>
        /^--(peak-rps|for-suite|target-utilization|pod-ready-seconds|slo)=/.test(a),
      ),
    ],
    false,
  );
  if (given.code !== 0) {
    console.error(
      `threshold-doc: could not run: advice from --capacity=${run.capacity} failed:\n${given.output}`,
    );
    process.exit(2);
  }
  advice = (JSON.parse(await readFile(join(dir, 'capacity.json'), 'utf8')) as CapacityRun).advice;
  report = join(dir, 'report.html');
}
// Whatever explain printed goes into the doc, its exit code (or a timeout) notwithstanding.
const explained = await runProgram(
  process.execPath,
  [here('./explain-main.ts'), `--capacity=${run.capacity}`],
  { timeoutMs: 60_000, okExitCodes: 'any' },
).catch((err: Error) => ({ stdout: err instanceof RunError ? err.stdout : '' }));
const transcript = measured.output
  .split(WORKSPACE_ROOT)
  .join('')
  .split('\n')
  .filter((l) => !/^(report|capacity): /.test(l))
  .join('\n');
const written = await publishThresholdDoc({
  template: here('./choosing-a-threshold.template.md'),
  doc: DOC,
  imagesDir: IMAGES,
  report,
  inputs: {
    command: `${COMMAND}${passed.length ? ` -- ${passed.join(' ')}` : ''}`,
    date: date.slice(0, 16).replace('T', ' ') + ' UTC',
    transcript,
    run,
    advice,
    explain: explained.stdout,
    others,
    unreliable: refusal.length ? refusal : undefined,
  },
});
for (const f of written) console.log(`wrote ${relative(WORKSPACE_ROOT, f)}`);
if (refusal.length) console.log('the guide is marked UNRELIABLE (--allow-noisy)');
