/**
 * nx run cluster-e2e:e2e-local [--rate=250] [--time-scale=0.3]
 * Exit 0: ours passed and the wrong query failed, as they must; 1: either verdict was off; 2: could not run.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { numberOption, parseOptionValues, wholeNumberOption } from '@loadlab/input';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { consoleReport } from '@loadlab/verdict';
import { CouldNotRunError, runE2eLocal } from './e2e-local.ts';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '250' },
    'time-scale': { type: 'string', default: '0.3' },
  },
});
const { rate, 'time-scale': timeScale } = (() => {
  try {
    return parseOptionValues(
      z.object({
        rate: wholeNumberOption('rate', 1, 2000),
        'time-scale': numberOption('time-scale', 0.1, 1),
      }),
      values,
    );
  } catch (err) {
    console.error((err as Error).message);
    return process.exit(2);
  }
})();

const outDir = join(
  WORKSPACE_ROOT,
  'reports/e2e-local',
  new Date().toISOString().replace(/[:.]/g, '-'),
);
try {
  const r = await runE2eLocal({ outDir, rate, timeScale, log: (l) => console.log(l) });
  console.log('\n== our ScaledObject (must pass) ==');
  process.stdout.write(consoleReport(r.right));
  console.log('\n== a ScaledObject whose query returns nothing (must fail) ==');
  process.stdout.write(consoleReport(r.wrong));
  const ok = r.right.status === 'pass' && r.wrong.status === 'scaling-failed';
  console.log(`\nreports: ${r.reports.right}\n         ${r.reports.wrong}`);
  console.log(ok ? 'e2e-local: PASS (ours passed, the wrong query failed)' : 'e2e-local: FAIL');
  process.exit(ok ? 0 : 1);
} catch (err) {
  if (err instanceof CouldNotRunError) {
    console.error(`e2e-local: could not run: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
