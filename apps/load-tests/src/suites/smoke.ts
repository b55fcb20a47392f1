/** A few VUs, briefly, over every endpoint: reads, query features, CRUD on its own record, health. */
import { sleep } from 'k6';
import { expectCrocodile, expectList, expectStatus, idOf } from '../lib/checks.ts';
import { crocodiles, sampleCrocodile } from '../lib/crocodiles.ts';
import { common } from '../lib/options.ts';
import { summaryHandler } from '../lib/summary.ts';

export const options = {
  // Iteration-based: a smoke test covers the same ground whatever the profile.
  scenarios: { smoke: { executor: 'shared-iterations', vus: 2, iterations: 6, maxDuration: '2m' } },
  ...common('smoke'),
};

export default function (): void {
  expectStatus(crocodiles.livez(), 200, 'livez');
  expectStatus(crocodiles.readyz(), 200, 'readyz');
  expectStatus(crocodiles.metrics(), 200, 'metrics');
  expectList(crocodiles.list());
  expectList(crocodiles.list('?_sort=age&_order=desc&_limit=3'));
  expectCrocodile(crocodiles.get(1));

  const created = crocodiles.create(sampleCrocodile('smoke'));
  expectCrocodile(created, 201);
  const id = idOf(created);
  if (id !== undefined) {
    expectCrocodile(crocodiles.replace(id, sampleCrocodile('smoke-replaced')));
    expectCrocodile(crocodiles.patch(id, { age: 9 }));
    expectStatus(crocodiles.remove(id), 200, 'DELETE');
  }
  sleep(0.5);
}

export const handleSummary = summaryHandler('smoke');
