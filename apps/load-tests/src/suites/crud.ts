/**
 * Mixed reads and writes: 70% reads, 20% updates, 10% create-then-delete.
 * setup() creates the records this run updates and teardown() deletes them,
 * so the run leaves the data as it found it.
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import { expectCrocodile, expectList, expectStatus, idOf } from '../lib/checks.ts';
import { config } from '../lib/config.ts';
import { crocodiles, sampleCrocodile } from '../lib/crocodiles.ts';
import { dur, vus } from '../lib/scale.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

const OWN_RECORDS = 10;

export const options = {
  scenarios: { crud: { executor: 'constant-vus', vus: vus(20), duration: dur('2m') } },
  ...common('crud'),
};

interface Data {
  ids: number[];
}

export function setup(): Data {
  const ids: number[] = [];
  for (let i = 0; i < OWN_RECORDS; i++) {
    const id = idOf(crocodiles.create(sampleCrocodile(`crud-${config.testid}`)));
    if (id === undefined)
      exec.test.abort('setup could not create its records: is the API writable?');
    ids.push(id!);
  }
  return { ids };
}

export default function (data: Data): void {
  const pick = data.ids[Math.floor(Math.random() * data.ids.length)]!;
  const roll = Math.random();
  if (roll < 0.35) {
    expectList(crocodiles.list());
  } else if (roll < 0.7) {
    expectCrocodile(crocodiles.get(pick));
  } else if (roll < 0.9) {
    expectCrocodile(crocodiles.patch(pick, { age: Math.floor(Math.random() * 100) }));
  } else {
    const created = crocodiles.create(sampleCrocodile('crud-temp'));
    expectCrocodile(created, 201);
    const id = idOf(created);
    if (id !== undefined) expectStatus(crocodiles.remove(id), 200, 'DELETE');
  }
  sleep(0.5);
}

export function teardown(data: Data): void {
  for (const id of data.ids) expectStatus(crocodiles.remove(id), 200, 'teardown DELETE');
}

export const handleSummary = summaryHandler('crud');
