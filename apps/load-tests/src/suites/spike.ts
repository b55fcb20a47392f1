/** A sudden jump from 10 to 500 VUs, held, then dropped: does the service (and the autoscaler) cope? */
import { sleep } from 'k6';
import { expectList } from '../lib/checks.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import { stages } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

export const options = {
  scenarios: {
    spike: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: stages([
        { duration: '30s', target: 10 },
        { duration: '10s', target: 500 },
        { duration: '1m', target: 500 },
        { duration: '10s', target: 10 },
        { duration: '1m', target: 10 },
        { duration: '10s', target: 0 },
      ]),
    },
  },
  ...common('spike'),
};

export default function (): void {
  expectList(crocodiles.list());
  sleep(1);
}

export const handleSummary = summaryHandler('spike');
