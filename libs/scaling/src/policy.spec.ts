import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedPeak, rateToReachMax, SCALING_POLICY } from './policy.ts';

describe('SCALING_POLICY', () => {
  it('keeps the tutorial trigger: threshold 50, 1 to 10 replicas, on the request rate', () => {
    assert.equal(SCALING_POLICY.threshold, 50);
    assert.equal(SCALING_POLICY.minReplicas, 1);
    assert.equal(SCALING_POLICY.maxReplicas, 10);
    assert.equal(
      SCALING_POLICY.query,
      'sum(rate(node_http_requests_total{appName="crocodile-api"}[2m]))',
    );
  });

  it("scales up like Kubernetes' default and down after a 60 s window, 100% per 15 s", () => {
    assert.deepEqual(SCALING_POLICY.behavior, {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 100, periodSeconds: 15 },
          { type: 'Pods', value: 4, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });

  it('sizes scale-out load above threshold × maxReplicas', () => {
    assert.equal(rateToReachMax(), 600);
    assert.ok(rateToReachMax() > SCALING_POLICY.threshold * SCALING_POLICY.maxReplicas);
  });
});

describe('expectedPeak', () => {
  it('is ceil(load / threshold) within [min, max]', () => {
    assert.equal(expectedPeak(300), 6);
    assert.equal(expectedPeak(301), 7, 'rounds up: 6 replicas would carry 50.2 each');
    assert.equal(expectedPeak(0), 1, 'never below min');
    assert.equal(expectedPeak(10_000), 10, 'never above max');
    assert.equal(expectedPeak(500), 10, 'exactly max');
  });
});
