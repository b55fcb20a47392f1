/**
 * nx run load-tests:explain: what KEDA and the HPA will do with a ScaledObject, in plain words.
 *
 *   (default)                 our rendered ScaledObject, libs/k8s-manifests/base/crocodile-api.yaml
 *   --file=PATH               any YAML or JSON holding a ScaledObject ('-' reads stdin)
 *   --kubeconfig=PATH --namespace=NS --name=NAME   a live one, through kubectl get -o json
 *   --name=NAME               which ScaledObject, when the input holds several (default: every one)
 *   --capacity=N | --capacity-file=reports/capacity/<id>/capacity.json   warns when the threshold is above it
 *   --test-seconds=N | --suite=NAME   warns when the rate window is as long as the test
 *   --scrape-interval=N       Prometheus' scrape interval in s (default: ours, from libs/prometheus-config)
 * Exit code: 0 no traps, 1 warnings or an object KEDA 2.20.2 would refuse, 2 could not read it.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  explain,
  explainExitCode,
  explanationText,
  loadCapacityFigure,
  readScaledObjects,
} from '@loadlab/capacity';
import { parseOptionValues, positiveNumberOption } from '@loadlab/input';
import { inspectSuite, plannedSeconds } from '@loadlab/k6-runner';
import { run, RunError } from '@loadlab/process-supervisor';
import { checkInputFile, WORKSPACE_K6, WORKSPACE_ROOT } from '@loadlab/workspace';
import { GLOBAL } from '@loadlab/prometheus-config';
import { z } from 'zod';

export const RENDERED = join(WORKSPACE_ROOT, 'libs/k8s-manifests/base/crocodile-api.yaml');

function fail(message: string): never {
  console.error(`explain: could not run: ${message}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        file: { type: 'string' },
        kubeconfig: { type: 'string' },
        namespace: { type: 'string' },
        name: { type: 'string' },
        capacity: { type: 'string' },
        'capacity-file': { type: 'string' },
        'test-seconds': { type: 'string' },
        suite: { type: 'string' },
        'scrape-interval': { type: 'string' },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}
const values = parse();
// The numbers, parsed up front: every bad one is named at once, before anything is read.
const numbers = (() => {
  try {
    return parseOptionValues(
      z.object({
        capacity: positiveNumberOption('capacity').optional(),
        'test-seconds': positiveNumberOption('test-seconds').optional(),
        'scrape-interval': positiveNumberOption('scrape-interval').optional(),
      }),
      values,
    );
  } catch (err) {
    fail((err as Error).message);
  }
})();
// Path options, checked before anything is read: a bad one is named, with the reason.
try {
  if (values.file !== undefined && values.file !== '-') checkInputFile('file', values.file);
  for (const option of ['kubeconfig', 'capacity-file'] as const)
    if (values[option] !== undefined) checkInputFile(option, values[option]);
} catch (err) {
  fail((err as Error).message);
}

async function source(): Promise<{ text: string; from: string }> {
  if (values.kubeconfig) {
    if (!values.name)
      fail('--kubeconfig needs --name=<ScaledObject> (and --namespace, default "default")');
    const args = [
      '--kubeconfig',
      values.kubeconfig,
      '-n',
      values.namespace ?? 'default',
      'get',
      'scaledobject',
      values.name,
      '-o',
      'json',
      '--request-timeout=10s',
    ];
    try {
      const { stdout } = await run('kubectl', args, { timeoutMs: 20_000 });
      return { text: stdout, from: `kubectl ${args.join(' ')}` };
    } catch (err) {
      if (!(err instanceof RunError)) throw err;
      if (err.exitCode === undefined && err.reason.startsWith('could not start'))
        fail('kubectl not found on PATH: install it, or pass --file with the object');
      fail(
        `kubectl get scaledobject ${values.name} failed: ${(err.stderr || err.reason).trim().split('\n').at(-1)}`,
      );
    }
  }
  const file = values.file ?? RENDERED;
  try {
    return {
      text:
        file === '-'
          ? await new Response(process.stdin as any).text()
          : await readFile(file, 'utf8'),
      from: file,
    };
  } catch (err) {
    fail(
      `cannot read ${file}: ${(err as Error).message}${values.file ? '' : ' (run nx run k8s-manifests:generate)'}`,
    );
  }
}

async function capacity(): Promise<number | undefined> {
  const given = numbers.capacity;
  if (given !== undefined || !values['capacity-file']) return given;
  try {
    return await loadCapacityFigure(values['capacity-file']);
  } catch (err) {
    fail((err as Error).message);
  }
}

async function testSeconds(): Promise<number | undefined> {
  const given = numbers['test-seconds'];
  if (given !== undefined || !values.suite) return given;
  try {
    return plannedSeconds(
      await inspectSuite(values.suite, { BASE_URL: 'http://127.0.0.1:1' }, WORKSPACE_K6),
    );
  } catch (err) {
    fail(
      `--suite ${values.suite}: k6 inspect failed: ${(err as Error).message.split('\n')[0]} (run nx run load-tests:build)`,
    );
  }
}

const { text, from } = await source();
let views;
try {
  views = readScaledObjects(text, values.name);
} catch (err) {
  fail(`${from}: ${(err as Error).message}`);
}
const scrape = numbers['scrape-interval'] ?? Number.parseFloat(GLOBAL.scrape_interval);
const context = {
  scrapeSeconds: scrape,
  capacity: await capacity(),
  testSeconds: await testSeconds(),
  // KEDA's webhook compares each ScaledObject with the others of its namespace.
  others: readScaledObjects(text),
};
console.log(`from ${values.kubeconfig || from === '-' ? from : relative(process.cwd(), from)}\n`);
let code = 0;
for (const [i, view] of views.entries()) {
  const e = explain(view, context);
  process.stdout.write(`${i ? '\n' : ''}${explanationText(view, e)}`);
  code = Math.max(code, explainExitCode(e));
}
process.exit(code);
