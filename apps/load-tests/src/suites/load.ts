/** The tutorial's first test: 200 VUs for 3 minutes reading the list, p95 < 700 ms. */
import { sleep } from 'k6';
import { expectList } from '../lib/checks.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import { dur, vus } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

export const options = {
  scenarios: { load: { executor: 'constant-vus', vus: vus(200), duration: dur('3m') } },
  ...common('load'),
};

export default function (): void {
  expectList(crocodiles.list());
  sleep(3);
}

export const handleSummary = summaryHandler('load');
