/** The pod's CPU and memory from a rendered manifest: our own, and what else kubectl can hand us. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { workspacePath } from '@loadlab/workspace';
import { parseQuantity, podResources } from './pod-resources.ts';

describe('podResources', () => {
  it("reads crocodile-api's requests and limits from the generated base", async () => {
    const text = await readFile(
      workspacePath('libs/k8s-manifests/base/crocodile-api.yaml'),
      'utf8',
    );
    assert.deepEqual(podResources(text, 'crocodile-api'), {
      deployment: 'crocodile-api',
      container: 'crocodile-api',
      cpuRequest: 0.25,
      cpuLimit: 1,
      memoryRequest: 128 * 2 ** 20,
      memoryLimit: 256 * 2 ** 20,
    });
  });
  it('kubectl -o json Lists, a named container, and a container without limits', () => {
    const list = JSON.stringify({
      kind: 'List',
      items: [
        {
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'sidecar', resources: { limits: { cpu: '100m' } } },
                  { name: 'app', resources: { requests: { cpu: '0.5', memory: '1G' } } },
                ],
              },
            },
          },
        },
      ],
    });
    const r = podResources(list, 'web', 'app');
    assert.equal(r.cpuRequest, 0.5);
    assert.equal(r.cpuLimit, null);
    assert.equal(r.memoryRequest, 1e9);
    assert.equal(podResources(list, 'web').cpuLimit, 0.1);
  });
  it('names what is missing or malformed', () => {
    assert.throws(() => podResources('kind: Service\n', 'web'), /no Deployment named web/);
    const bad = `kind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: a, resources: {limits: {cpu: lots}}}]}}}\n`;
    assert.throws(() => podResources(bad, 'web'), /not a Kubernetes quantity: "lots"/);
  });
  it('quantities: decimal and binary suffixes, millis, exponents', () => {
    const cases: [string | number, number][] = [
      ['250m', 0.25],
      ['1', 1],
      [2, 2],
      ['1.5', 1.5],
      ['128Mi', 134217728],
      ['1Gi', 2 ** 30],
      ['500M', 5e8],
      ['1e3', 1000],
    ];
    for (const [q, v] of cases) assert.equal(parseQuantity(q), v, String(q));
    for (const q of ['', '1x', '-1', 'Mi'])
      assert.throws(() => parseQuantity(q), /not a Kubernetes quantity/);
  });
});
