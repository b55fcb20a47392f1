/** The tutorial's 13-minute ramp to 1,200 VUs, for watching the autoscaler follow the load. */
import { sleep } from 'k6';
import { expectList } from '../lib/checks.ts';
import { crocodiles } from '../lib/crocodiles.ts';
import { stages } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

export const RAMP_STAGES = [
  { duration: '1m', target: 50 },
  { duration: '1m', target: 150 },
  { duration: '1m', target: 300 },
  { duration: '2m', target: 500 },
  { duration: '2m', target: 800 },
  { duration: '3m', target: 1200 },
  { duration: '3m', target: 50 },
];

export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: stages(RAMP_STAGES),
      gracefulRampDown: '10s',
    },
  },
  ...common('ramp'),
};

export default function (): void {
  expectList(crocodiles.list());
  sleep(3);
}

export const handleSummary = summaryHandler('ramp');
