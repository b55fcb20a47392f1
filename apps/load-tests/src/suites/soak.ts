/** Long, moderate load (100 VUs for 20 minutes): for leaks and slow degradation. */
import { sleep } from 'k6';
import { expectCrocodile, expectList } from '../lib/checks.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import { stages } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

export const options = {
  scenarios: {
    soak: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: stages([
        { duration: '1m', target: 100 },
        { duration: '20m', target: 100 },
        { duration: '1m', target: 0 },
      ]),
    },
  },
  ...common('soak'),
};

export default function (): void {
  if (Math.random() < 0.5) expectList(crocodiles.list());
  else expectCrocodile(crocodiles.get(1 + Math.floor(Math.random() * 8)));
  sleep(2);
}

export const handleSummary = summaryHandler('soak');
