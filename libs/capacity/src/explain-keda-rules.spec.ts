/**
 * Issue 28 point 6: one spec per case, each expected statement taken from KEDA v2.20.2's code (or
 * Kubernetes v1.34.4's HPA controller), cited by file and line beside the assertion.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explain, explainExitCode, explanationText } from './explain.ts';
import { READ_AT } from './keda-refs.ts';
import { readScaledObject, readScaledObjects } from './scaled-object.ts';

const CTX = { scrapeSeconds: 5 };
const PROM = {
  type: 'prometheus',
  metricType: 'AverageValue',
  metadata: {
    serverAddress: 'http://prometheus:9090',
    query: 'sum(rate(node_http_requests_total[2m]))',
    threshold: '50',
    activationThreshold: '5',
  },
};
const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api' },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'api', resources: { requests: { cpu: '250m', memory: '128Mi' } } }],
      },
    },
  },
};

/** A ScaledObject (plus its Deployment) as kubectl -o json prints a List. */
function input(spec: Record<string, unknown>, extra: object[] = [DEPLOYMENT]): string {
  const so = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'api' },
    spec: {
      scaleTargetRef: { name: 'api' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      triggers: [PROM],
      ...spec,
    },
  };
  return JSON.stringify({ kind: 'List', items: [so, ...extra] });
}

function run(text: string, ctx = {}) {
  const v = readScaledObject(text);
  const e = explain(v, { ...CTX, ...ctx });
  return { v, e, text: explanationText(v, e), warnings: e.warnings.map((w) => w.text).join('\n') };
}

const cpu = (metricType = 'Utilization', value = '70') => ({
  type: 'cpu',
  metricType,
  metadata: { value },
});
const memory = (metricType = 'AverageValue', value = '100Mi') => ({
  type: 'memory',
  metricType,
  metadata: { value },
});

describe('cpu/memory-only with minReplicaCount 0: rejected, not "scales to zero"', () => {
  // keda v2.20.2 apis/keda/v1alpha1/scaledobject_webhook.go:497-513
  const reason =
    "scaledobject has only cpu/memory triggers AND minReplica is 0 (scale to zero doesn't work in this case)";
  for (const [what, triggers] of [
    ['cpu', [cpu()]],
    ['memory', [memory()]],
    ['cpu and memory', [cpu(), memory()]],
  ] as const)
    it(`${what}, minReplicaCount 0`, () => {
      const r = run(input({ minReplicaCount: 0, triggers }));
      assert.equal(r.e.verdict, 'rejected');
      assert.equal(r.e.rejections[0]!.reason, reason);
      assert.ok(r.text.includes(`REJECTED by KEDA ${READ_AT.keda.slice(1)}`), r.text);
      assert.match(r.text, /scaledobject_webhook\.go:497-513/);
      // the webhook returns early on dry runs (scaledobject_webhook.go:441-444)
      assert.match(
        r.text,
        /--dry-run=server does not catch this[^]*scaledobject_webhook\.go:441-444/,
      );
      assert.doesNotMatch(r.text, /no known traps|scales to 0/);
      assert.equal(explainExitCode(r.e), 1);
    });
  it('minReplicaCount left out counts as 0 too (the webhook tests MinReplicaCount == nil)', () =>
    assert.equal(
      run(input({ minReplicaCount: undefined, triggers: [cpu()] })).e.verdict,
      'rejected',
    ));
  it('with minReplicaCount 1 it is accepted: always active, so KEDA never deactivates it', () => {
    // keda v2.20.2 pkg/scaling/scale_handler.go:918-922
    const r = run(input({ triggers: [cpu()] }));
    assert.equal(r.e.verdict, 'accepted');
    assert.match(r.text, /KEDA counts the object as always active/);
    assert.match(r.text, /scale_handler\.go:918-922/);
  });
  it('a cpu trigger whose container has no cpu request is rejected (when the input holds the Deployment)', () => {
    // keda v2.20.2 apis/keda/v1alpha1/scaledobject_webhook.go:477-494
    const bare = structuredClone(DEPLOYMENT);
    bare.spec.template.spec.containers[0]!.resources = { requests: { memory: '1Gi' } } as any;
    const r = run(input({ triggers: [cpu()] }, [bare]));
    assert.equal(
      r.e.rejections[0]!.reason,
      "the scaledobject has a cpu trigger but the container api doesn't have the cpu request defined",
    );
  });
});

describe('idleReplicaCount 0: KEDA does scale to 0, and cooldownPeriod applies', () => {
  // keda v2.20.2 pkg/scaling/executor/scale_scaledobjects.go:98-101 (inactive and current > idle:
  // scaleToZeroOrIdle), :196-215 (after cooldownPeriod), :321-331 (to idleReplicaCount)
  const r = run(input({ idleReplicaCount: 0, minReplicaCount: 2, cooldownPeriod: 120 }));
  it('says KEDA sets the replicas to 0 after the cooldown', () => {
    assert.equal(r.e.verdict, 'accepted');
    assert.match(
      r.text,
      /idleReplicaCount 0: once the object has been inactive for cooldownPeriod 120 s, KEDA sets the replicas to 0/,
    );
    assert.match(r.text, /scale_scaledobjects\.go:98-101; .*:196-215; .*:321-331/);
  });
  it('and back to minReplicaCount when a trigger activates (scale_scaledobjects.go:70-73, 247-252)', () =>
    assert.match(r.text, /KEDA sets minReplicaCount 2 at once/));
  it('never says "never scales to 0" nor that cooldownPeriod has no effect', () => {
    assert.doesNotMatch(r.text, /never scales/);
    assert.doesNotMatch(r.warnings, /cooldownPeriod/);
    // KEDA's own webhook warns only when idleReplicaCount != 0 (scaledobject_webhook.go:348-358)
    assert.deepEqual(r.e.kedaWarnings, []);
  });
  it('idleReplicaCount must be below minReplicaCount (scaledobject_types.go:353-369)', () => {
    const bad = run(input({ idleReplicaCount: 1, minReplicaCount: 1 }));
    assert.equal(
      bad.e.rejections[0]!.reason,
      'IdleReplicaCount=1 must be less than MinReplicaCount=1',
    );
  });
  it("KEDA's quirk: minReplicaCount 0 reads as the HPA's 1, so idle 0 with min 0 is accepted, idle 0 with min left out is not", () => {
    // CheckReplicaCountBoundsAreValid uses GetHPAMinReplicas (scaledobject_types.go:303-309, 355-357)
    assert.equal(run(input({ idleReplicaCount: 0, minReplicaCount: 0 })).e.verdict, 'accepted');
    const r2 = run(input({ idleReplicaCount: 0, minReplicaCount: undefined }));
    assert.equal(
      r2.e.rejections[0]!.reason,
      'IdleReplicaCount=0 must be less than MinReplicaCount=0',
    );
  });
});

describe('useCachedMetrics: pollingInterval paces every scaling step', () => {
  // keda v2.20.2 pkg/scaling/scale_handler.go:680-697 (the HPA's read served from the cache),
  // :1005-1011 (the polling loop writes it), :179-200 (the loop runs every pollingInterval)
  const r = run(input({ pollingInterval: 60, triggers: [{ ...PROM, useCachedMetrics: true }] }));
  it('says the HPA sees a figure up to pollingInterval old, for 1 <-> N too', () => {
    assert.match(
      r.text,
      /useCachedMetrics: .*every scaling step \(1 <-> N too\) sees a figure up to pollingInterval 60 s old/,
    );
    assert.match(r.text, /scale_handler\.go:680-697; .*scale_handler\.go:1005-1011/);
  });
  it('never says pollingInterval matters only for 0 <-> 1', () =>
    assert.doesNotMatch(r.text, /only for 0 <-> 1|paces only KEDA's own loop/));
  it("KEDA's webhook does not warn that pollingInterval is irrelevant (scaledobject_webhook.go:336-346)", () =>
    assert.deepEqual(r.e.kedaWarnings, []));
  it('without the cache it does warn, as KEDA does', () =>
    assert.match(
      run(input({ pollingInterval: 60 })).text,
      /KEDA's webhook warns: PollingInterval is configured but is not relevant/,
    ));
  it('useCachedMetrics on a cpu trigger is rejected (scaletriggers_types.go:68-72)', () =>
    assert.equal(
      run(input({ triggers: [PROM, { ...cpu(), useCachedMetrics: true }] })).e.rejections[0]!
        .reason,
      'property "useCachedMetrics" is not supported for "cpu" scaler',
    ));
});

describe('scalingModifiers: the composite metric sets the replica count', () => {
  // keda v2.20.2 controllers/keda/hpa.go:314-369: the external metrics are replaced by one
  // "composite-metric" with target scalingModifiers.target (AverageValue unless metricType says)
  const spec = {
    triggers: [{ ...PROM, name: 'rps' }],
    advanced: { scalingModifiers: { formula: 'rps / 80', target: '50' } },
  };
  const r = run(input(spec));
  it('describes the formula and its target, not the trigger threshold, as what the HPA divides by', () => {
    assert.match(
      r.text,
      /one composite metric, the value of "rps \/ 80", with AverageValue \(the default\) target 50/,
    );
    assert.match(r.text, /hpa\.go:314-369/);
  });
  it('the arithmetic: rps at its threshold 50 gives 0.625, 1 replica; 80× the req/s per replica', () => {
    assert.match(r.text, /With rps = 50 .* the formula gives 0\.625, so the HPA wants 1 replica\b/);
    assert.match(
      r.warnings,
      /the HPA adds one replica per 4000 of triggers\[0\] prometheus "rps", where its threshold says 50 \(80×\)/,
    );
    // the trigger's own threshold is not what the HPA divides by (hpa.go:359-368)
    assert.match(r.text, /its threshold 50 is not a target the HPA sees/);
    assert.doesNotMatch(r.text, /ceil\(value \/ 50\)/);
    // 1.2 × max replicas × 80 × 50 req/s: the modelled step is 80× the trigger's threshold
    assert.match(r.text, /A step to 48000 req\/s on triggers\[0\] prometheus "rps"/);
  });
  it('activation follows activationTarget, not the triggers (scale_handler.go:888-916)', () =>
    assert.match(
      r.text,
      /active while the formula's value is above activationTarget 0 \(the default\)/,
    ));
  it('a formula naming an unknown trigger is rejected (scaledobject_webhook.go:552-588)', () =>
    assert.match(
      run(
        input({ ...spec, advanced: { scalingModifiers: { formula: 'rps + queue', target: '5' } } }),
      ).e.rejections[0]!.reason,
      /unknown name queue/,
    ));
  it('a formula without target is rejected (scaledobject_webhook.go:560-562)', () =>
    assert.equal(
      run(input({ ...spec, advanced: { scalingModifiers: { formula: 'rps' } } })).e.rejections[0]!
        .reason,
      'error validating formula in ScalingModifiers\nformula is given but target is empty',
    ));
  it('a target without formula is rejected (scaledobject_webhook.go:527-529)', () =>
    assert.equal(
      run(input({ ...spec, advanced: { scalingModifiers: { target: '5' } } })).e.rejections[0]!
        .reason,
      'error ScalingModifiers.Formula is mandatory',
    ));
});

describe('YAML merge keys, anchors and several documents', () => {
  // Anchors are per document (YAML 1.1/1.2), as kubectl reads them; merge keys are YAML 1.1's,
  // which sigs.k8s.io/yaml (kubectl) resolves.
  const yaml = `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: a}
spec:
  scaleTargetRef: {name: a}
  minReplicaCount: 1
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleUp: &rules
          stabilizationWindowSeconds: 30
          policies:
            - {type: Pods, value: 1, periodSeconds: 60}
        scaleDown:
          <<: *rules
          selectPolicy: Min
  triggers:
    - &prom
      type: prometheus
      name: first
      metadata:
        serverAddress: http://prometheus:9090
        query: sum(rate(node_http_requests_total[1m]))
        threshold: "40"
    - <<: *prom
      name: second
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: b}
spec:
  scaleTargetRef: {name: a}
  minReplicaCount: 1
  triggers:
    - type: prometheus
      metadata: {serverAddress: "http://p:9090", query: "sum(rate(x[2m]))", threshold: "10"}
`;
  const all = readScaledObjects(yaml);
  it('a merge key resolves as kubectl resolves it: the scale-down window is 30 s, not the default 300 s', () => {
    const down = all[0]!.behavior.scaleDown;
    assert.equal(down.stabilizationWindowSeconds, 30);
    assert.equal(down.selectPolicy, 'Min');
    assert.deepEqual(down.policies, [{ type: 'Pods', value: 1, periodSeconds: 60 }]);
    assert.match(
      explanationText(all[0]!, explain(all[0]!, { ...CTX, others: all })),
      /scale-down: stabilization 30 s/,
    );
  });
  it('a merged trigger keeps the anchor fields and its own name: two triggers, both described', () => {
    const t = all[0]!.triggers;
    assert.deepEqual(
      t.map((x) => [x.name, x.threshold, x.query]),
      [
        ['first', 40, 'sum(rate(node_http_requests_total[1m]))'],
        ['second', 40, 'sum(rate(node_http_requests_total[1m]))'],
      ],
    );
  });
  it('every ScaledObject of the input is read; the second on the same workload is rejected (scaledobject_webhook.go:377-400)', () => {
    assert.deepEqual(
      all.map((v) => v.name),
      ['a', 'b'],
    );
    const e = explain(all[1]!, { ...CTX, others: all });
    assert.equal(
      e.rejections[0]!.reason,
      "the workload 'a' of type 'apps/v1.Deployment' is already managed by the ScaledObject 'a'",
    );
  });
});

describe('several triggers: every one described, the HPA takes the largest', () => {
  // kubernetes v1.34.4 pkg/controller/podautoscaler/horizontal.go:319-335 (largest proposal wins);
  // keda v2.20.2 controllers/keda/hpa.go:262-302 (one metric spec per trigger)
  const queue = {
    type: 'rabbitmq',
    name: 'queue',
    metadata: { queueName: 'jobs', mode: 'QueueLength', value: '20' },
  };
  const r = run(
    input({ triggers: [cpu('Utilization', '60'), { ...PROM, name: 'rps' }, queue, memory()] }),
  );
  it('names each trigger, in order, with its own rule', () => {
    assert.match(r.text, /triggers\[0\] cpu: a Resource metric .* target 60%/);
    assert.match(
      r.text,
      /triggers\[1\] prometheus "rps": metricType AverageValue: .* ceil\(value \/ 50\)/,
    );
    assert.match(r.text, /triggers\[2\] rabbitmq "queue": metricType AverageValue \(the default\)/);
    assert.match(r.text, /triggers\[3\] memory: .* against 100Mi \(AverageValue\)/);
  });
  it('says the HPA takes the largest desired count, citing horizontal.go:319-335', () => {
    assert.match(r.text, /4 triggers: .* takes the largest/);
    assert.match(r.text, /horizontal\.go:319-335/);
  });
  it('and that one unreadable metric blocks scale-down (horizontal.go:341-347)', () =>
    assert.match(r.text, /still scales up on the others but does not scale down/));
});

describe('cpu/memory triggers and metricType', () => {
  it('without the Deployment in the input, says the requests check could not be made (scaledobject_webhook.go:477-494)', () => {
    const r = run(input({ triggers: [PROM, cpu()] }, []));
    assert.equal(r.e.verdict, 'accepted');
    assert.match(
      r.text,
      /has a cpu request or limit[^]*could not check it[^]*scaledobject_webhook\.go:477-494/,
    );
    assert.doesNotMatch(run(input({ triggers: [PROM, cpu()] })).text, /could not check it/);
  });
  it('Utilization: a % of the requests (cpu_memory_scaler.go:95-124, replica_calculator.go:80-118)', () =>
    assert.match(
      run(input({ triggers: [PROM, cpu('Utilization', '75')] })).text,
      /average cpu use of the ready pods as a % of their requests, target 75%[^]*replica_calculator\.go:80-118/,
    ));
  it('metricType left out on cpu: KEDA 2.20 cannot build the scaler (cpu_memory_scaler.go:60-79)', () => {
    const r = run(input({ triggers: [PROM, { type: 'cpu', metadata: { value: '60' } }] }));
    assert.equal(r.e.verdict, 'broken');
    assert.equal(
      r.e.rejections[0]!.reason,
      "error parsing cpu metadata: unknown metric type: , allowed values are 'Utilization' or 'AverageValue'",
    );
    assert.match(r.text, /no HPA is made, nothing scales/);
  });
  it('metricType Value on memory: the same', () =>
    assert.match(
      run(input({ triggers: [PROM, memory('Value')] })).e.rejections[0]!.reason,
      /unknown metric type: Value/,
    ));
  it('Utilization on prometheus: unsupported for external metrics (scaler.go:67, 94-105)', () =>
    assert.match(
      run(input({ triggers: [{ ...PROM, metricType: 'Utilization' }] })).e.rejections[0]!.reason,
      /'Utilization' metric type is unsupported for external metrics/,
    ));
});

describe('fallback', () => {
  // keda v2.20.2 pkg/fallback/fallback.go:142-170 (after more than failureThreshold failures),
  // :249-272 (replicas by behavior), :274-306 (value = replicas × target)
  it('describes what the HPA is told, and that the largest metric still wins', () => {
    const r = run(input({ fallback: { failureThreshold: 3, replicas: 6 } }));
    assert.match(
      r.text,
      /after more than 3 consecutive failed reads .* fallback\.replicas \(6\) × its target/,
    );
    assert.match(r.text, /fallback\.go:142-170; .*fallback\.go:249-272; .*fallback\.go:274-306/);
  });
  it('fallback.replicas above max is capped', () =>
    assert.match(
      run(input({ fallback: { failureThreshold: 3, replicas: 20 } })).warnings,
      /fallback\.replicas 20 is above maxReplicaCount 10/,
    ));
  it('fallback with only cpu/memory triggers is rejected (scaledobject_types.go:373-398)', () =>
    assert.equal(
      run(input({ triggers: [cpu()], fallback: { failureThreshold: 3, replicas: 2 } })).e
        .rejections[0]!.reason,
      'at least one trigger (that is not cpu or memory) has to have the `AverageValue` type for the fallback to be enabled',
    ));
  it('behavior scalingModifiers without a formula is rejected (scaledobject_webhook.go:415-422)', () =>
    assert.equal(
      run(input({ fallback: { failureThreshold: 3, replicas: 2, behavior: 'scalingModifiers' } })).e
        .rejections[0]!.reason,
      'scalingModifiers fallback behavior requires scalingModifiers.formula to be defined',
    ));
});

describe('activationThreshold', () => {
  // keda v2.20.2 pkg/scalers/prometheus_scaler.go:319: active when value > activationThreshold
  it('with minReplicaCount 0 it decides 0 <-> 1', () => {
    const r = run(input({ minReplicaCount: 0 }));
    assert.match(
      r.text,
      /active while any trigger is: triggers\[0\] prometheus above activationThreshold 5/,
    );
    assert.match(r.text, /prometheus_scaler\.go:319/);
  });
  it('at or above the threshold it wakes the workload late', () =>
    assert.match(
      run(
        input({
          minReplicaCount: 0,
          triggers: [{ ...PROM, metadata: { ...PROM.metadata, activationThreshold: '60' } }],
        }),
      ).warnings,
      /activationThreshold 60 ≥ threshold 50/,
    ));
  it('with minReplicaCount 1 and no idle it changes nothing (scale_scaledobjects.go:102-109)', () =>
    assert.match(run(input({})).text, /activationThreshold 5 does not change the replica count/));
});

describe('inputs KEDA refuses are reported as refused, never "no known traps"', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    // apis/keda/v1alpha1/scaledobject_types.go:101 (CRD rule)
    [
      'min above max',
      { minReplicaCount: 5, maxReplicaCount: 3 },
      /minReplicaCount must be less than or equal to maxReplicaCount/,
    ],
    // scaledobject_types.go:104-106 (pollingInterval Minimum=1)
    [
      'pollingInterval 0',
      { pollingInterval: 0 },
      /spec\.pollingInterval .* greater than or equal to 1/,
    ],
    // scaledobject_types.go:125-126 (triggers MinItems=1)
    ['no triggers', { triggers: [] }, /spec\.triggers: should have at least 1 items/],
    // scaletriggers_types.go:74-81
    [
      'duplicate trigger names',
      {
        triggers: [
          { ...PROM, name: 't' },
          { ...PROM, name: 't' },
        ],
      },
      /triggerName "t" is defined multiple times/,
    ],
    // scaledobject_types.go:373-387
    [
      'negative fallback',
      { fallback: { failureThreshold: -1, replicas: 2 } },
      /FailureThreshold=-1 & Replicas=2 must both be greater than or equal to 0/,
    ],
    // scaledobject_webhook.go:590-602
    [
      'modifier target 0',
      {
        triggers: [{ ...PROM, name: 'rps' }],
        advanced: { scalingModifiers: { formula: 'rps', target: '0' } },
      },
      /error validating target in ScalingModifiers/,
    ],
    // scaledobject_webhook.go:211-216
    [
      'HPA name over 63 characters',
      { advanced: { horizontalPodAutoscalerConfig: { name: 'h'.repeat(64) } } },
      /HPA name "h{64}" .* no more than 63 characters/,
    ],
    // config/crd/bases/keda.sh_scaledobjects.yaml:349-352: metadata values are strings; an unquoted
    // YAML number is the most common slip
    [
      'an unquoted threshold',
      { triggers: [{ ...PROM, metadata: { ...PROM.metadata, threshold: 50 } }] },
      /spec\.triggers\[0\]\.metadata\.threshold: Invalid value: "integer": .* must be of type string/,
    ],
    // the same file, 363-367: metadata is required
    [
      'a trigger without metadata',
      { triggers: [{ type: 'cpu', metricType: 'Utilization' }] },
      /spec\.triggers\[0\]\.metadata: Required value/,
    ],
    // prometheus_scaler.go:49-53 + typed_config.go:271
    [
      'prometheus without query',
      { triggers: [{ ...PROM, metadata: { serverAddress: 'http://p', threshold: '5' } }] },
      /missing required parameter "query"/,
    ],
  ];
  for (const [what, spec, reason] of cases)
    it(what, () => {
      const r = run(input(spec));
      assert.notEqual(r.e.verdict, 'accepted', r.text);
      assert.match(r.e.rejections.map((x) => x.reason).join('\n'), reason);
      assert.doesNotMatch(r.text, /no known traps/);
      assert.equal(explainExitCode(r.e), 1);
    });
});

describe('several webhook failures', () => {
  // scaledobject_webhook.go:158-174: the checks sit in a Go map, so KEDA reports whichever it runs first
  it('are all listed, with the note that KEDA names one of them', () => {
    const r = run(
      input({
        idleReplicaCount: 3,
        triggers: [
          { ...PROM, name: 't' },
          { ...PROM, name: 't' },
        ],
      }),
    );
    assert.deepEqual(
      r.e.rejections.map((x) => x.reason),
      [
        'IdleReplicaCount=3 must be less than MinReplicaCount=1',
        'triggerName "t" is defined multiple times in the ScaledObject/ScaledJob, but it must be unique',
      ],
    );
    assert.match(r.text, /in no fixed order\)\n.*scaledobject_webhook\.go:158-174/);
  });
});

describe('every statement and every trap names its source', () => {
  const variants = [
    input({}),
    input({ minReplicaCount: 0, cooldownPeriod: 30 }),
    input({ idleReplicaCount: 0, minReplicaCount: 1 }),
    input({
      triggers: [{ ...PROM, useCachedMetrics: true, name: 'a' }, cpu()],
      fallback: { failureThreshold: 2, replicas: 30 },
    }),
    input({
      triggers: [{ ...PROM, name: 'rps' }],
      advanced: { scalingModifiers: { formula: 'rps * 2', target: '10', activationTarget: '1' } },
    }),
    input({
      triggers: [
        { ...PROM, metricType: 'Value', metadata: { ...PROM.metadata, query: 'sum(x_total)' } },
      ],
      cooldownPeriod: 10,
    }),
    input({ triggers: [cpu(), memory()], idleReplicaCount: 0, minReplicaCount: 2 }),
  ];
  // Echoes of the input, and explain saying what it does not model, are not claims about KEDA.
  const own = /^ {2}query: |not modelled|explain does not evaluate it/;
  it('has at least one upstream file:line, except echoes of the input and its own limits', () => {
    for (const text of variants) {
      const { e } = run(text, { testSeconds: 60 });
      assert.equal(e.verdict, 'accepted', text);
      for (const s of [...e.sections.flatMap((x) => x.lines), ...e.warnings])
        if (!own.test(s.text))
          assert.ok(s.refs.length > 0 && s.refs.every((r) => /\S+\.(go|md)$/.test(r.path)), s.text);
    }
  });
});
