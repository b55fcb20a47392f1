/**
 * The KEDA and Kubernetes rules explain states were read at the versions loadlab pins: when
 * tools/versions.env moves one, this fails until keda-refs.ts's citations are re-read at the new tag.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { VERSIONS_ENV } from '@loadlab/workspace';
import { READ_AT } from './keda-refs.ts';

const pin = (key: string) =>
  new RegExp(`^${key}=(\\S+)$`, 'm').exec(readFileSync(VERSIONS_ENV, 'utf8'))?.[1];

it('the cited KEDA and Kubernetes code is the pinned KEDA_VERSION and K8S_VERSION', () => {
  assert.deepEqual(READ_AT, { keda: pin('KEDA_VERSION'), kubernetes: pin('K8S_VERSION') });
});
