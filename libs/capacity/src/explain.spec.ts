import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { explain, explanationText, rangeWindows } from './explain.ts';
import { readScaledObject, ScaledObjectError } from './scaled-object.ts';

// Our rendered manifests, as `nx run k8s-manifests:generate` writes them.
const RENDERED = readFileSync(
  new URL('../../k8s-manifests/base/crocodile-api.yaml', import.meta.url),
  'utf8',
);
const ours = readScaledObject(RENDERED);
const CTX = { scrapeSeconds: 5 };

/** Our ScaledObject with some fields changed, as kubectl -o json would print it. */
function variant(edit: (so: any) => void): string {
  const so = JSON.parse(
    JSON.stringify({ kind: 'ScaledObject', metadata: { name: 'x' }, spec: {} }),
  );
  so.spec = {
    scaleTargetRef: { name: 'crocodile-api' },
    minReplicaCount: ours.minReplicas,
    maxReplicaCount: ours.maxReplicas,
    triggers: [
      {
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: {
          serverAddress: 'http://prometheus:9090',
          query: ours.modelled!.query,
          threshold: String(ours.modelled!.threshold),
          activationThreshold: '5',
        },
      },
    ],
  };
  edit(so);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [so] });
}

describe('readScaledObject', () => {
  it('reads ours from the rendered YAML, with its values', () => {
    assert.equal(ours.name, 'crocodile-api');
    assert.equal(ours.modelled!.metricType, 'AverageValue');
    assert.equal(ours.modelled!.threshold, 50);
    assert.equal(ours.minReplicas, 1);
    assert.equal(ours.maxReplicas, 10);
    assert.equal(ours.behavior.scaleDown.stabilizationWindowSeconds, 60);
    assert.equal(ours.explicit.cooldownPeriod, false);
  });
  it("fills in KEDA's and the HPA's defaults", () => {
    const v = readScaledObject(variant((so) => delete so.spec.minReplicaCount));
    assert.equal(v.minReplicas, 0);
    assert.equal(v.cooldownPeriodSeconds, 300);
    assert.equal(v.pollingIntervalSeconds, 30);
    assert.equal(v.behavior.scaleDown.stabilizationWindowSeconds, 300);
  });
  it('names what is wrong with bad input', () => {
    assert.throws(() => readScaledObject('kind: Deployment\n'), /no ScaledObject/);
    assert.throws(() => readScaledObject('{not json'), /not valid JSON/);
    assert.throws(() => readScaledObject('a: [1,\n'), ScaledObjectError);
    assert.throws(
      () => readScaledObject(variant((so) => (so.spec.triggers[0].metadata.threshold = 'fifty'))),
      /threshold must be a number/,
    );
    assert.throws(
      () => readScaledObject(RENDERED, 'nope'),
      /no ScaledObject named nope \(found: crocodile-api\)/,
    );
  });
});

describe('explain our ScaledObject', () => {
  const e = explain(ours, CTX);
  const text = explanationText(ours, e);
  it('says AverageValue divides by the replica count', () =>
    assert.match(text, /divides it by the current replica count/));
  it('reads the 2m rate window and sets it against scrape and sync', () => {
    assert.equal(e.figures.windowSeconds, 120);
    assert.match(text, /Prometheus scrapes every 5 s \(24 samples per window\)/);
  });
  it('1 -> 10 under the default policies: 1 -> 5 -> 10, one sync period apart', () =>
    assert.equal(e.figures.policyOnlyOneToMaxSeconds, 15));
  it('the rate window, not the policies, sets the pace to max', () =>
    assert.ok(
      e.figures.oneToMaxSeconds! > 60 && e.figures.oneToMaxSeconds! <= 120,
      `${e.figures.oneToMaxSeconds}`,
    ));
  it('replicas stay up for the rate window plus the 60 s stabilization', () =>
    assert.ok(
      e.figures.stayUpSeconds! >= 120 && e.figures.stayUpSeconds! <= 240,
      `${e.figures.stayUpSeconds}`,
    ));
  it('activationThreshold and cooldownPeriod do nothing with minReplicaCount 1', () => {
    assert.match(text, /activationThreshold 5 does not change the replica count/);
    assert.match(text, /cooldownPeriod 300 s \(the default\) has no effect/);
  });
  it('no traps in ours', () => assert.deepEqual(e.warnings, []));
});

describe('explain warns on the known traps', () => {
  const warn = (text: string, ctx = {}) =>
    explain(readScaledObject(text), { ...CTX, ...ctx })
      .warnings.map((w) => w.text)
      .join('\n');
  it('a query that returns a count, not a rate', () =>
    assert.match(
      warn(
        variant(
          (so) =>
            (so.spec.triggers[0].metadata.query =
              'sum(node_http_requests_total{appName="crocodile-api"})'),
        ),
      ),
      /returns a count/,
    ));
  it('increase(): a count per window', () =>
    assert.match(
      warn(
        variant(
          (so) =>
            (so.spec.triggers[0].metadata.query = 'sum(increase(node_http_requests_total[2m]))'),
        ),
      ),
      /increase\(\)/,
    ));
  it('a window as long as the test', () =>
    assert.match(warn(RENDERED, { testSeconds: 90 }), /as long as the whole test/));
  it('a cooldownPeriod with no effect', () =>
    assert.match(
      warn(variant((so) => (so.spec.cooldownPeriod = 30))),
      /cooldownPeriod 30 s has no effect/,
    ));
  it('a threshold above the measured capacity', () =>
    assert.match(warn(RENDERED, { capacity: 40 }), /above the measured capacity 40/));
  it('Value with a summed query', () =>
    assert.match(
      warn(variant((so) => (so.spec.triggers[0].metricType = 'Value'))),
      /metricType Value with a summed query/,
    ));
  it('a window of fewer than four scrapes', () =>
    assert.match(
      warn(
        variant(
          (so) => (so.spec.triggers[0].metadata.query = 'sum(rate(node_http_requests_total[10s]))'),
        ),
      ),
      /fewer than 4 scrapes/,
    ));
  it('at min 0: activation and cooldown do apply', () => {
    const v = readScaledObject(variant((so) => (so.spec.minReplicaCount = 0)));
    const text = explanationText(v, explain(v, CTX));
    assert.match(
      text,
      /once the object has been inactive for cooldownPeriod 300 s \(the default\), KEDA scales to 0/,
    );
  });
});

describe('rangeWindows', () => {
  it('reads PromQL durations', () => {
    assert.deepEqual(rangeWindows('sum(rate(x[2m])) / sum(rate(y[1m30s]))'), [120, 90]);
    assert.deepEqual(rangeWindows('max_over_time(rate(x[1m])[5m:30s])'), [60, 300]);
  });
});
