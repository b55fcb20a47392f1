/**
 * Test fixture (not shipped: production inputs leave out *.fixture.ts). Recorded scaling scenarios
 * for the verifier's tests, as a cluster's Prometheus
 * would hold them: the app's per-pod request counters, kube-state-metrics' HPA
 * and Deployment series, and k6's failed-request rate.
 */
import { OpenMetricsWriter } from '@loadlab/prometheus-client';
import { K6_METRICS, KUBE_METRICS, TUTORIAL_NAMING as N } from '@loadlab/metrics';
import { simulateHpa, SCALING_POLICY } from '@loadlab/scaling';

export const APP = SCALING_POLICY.target;
export const SECONDS = 20 * 60;
const STEP = 15;

export interface Scenario {
  /** Requests per second sent at t. */
  load(t: number): number;
  /** HPA desired replicas at t (default: what the HPA model would do). */
  desired?(t: number, model: number): number;
  /** Ready replicas lag desired by this much (default 30 s). */
  readyLag?: number;
  /** 5xx share at t. */
  errors?(t: number): number;
  /** Leave out kube-state-metrics' series. */
  noKubeStateMetrics?: boolean;
  /** Every request counted on one pod, as when Prometheus scrapes the Service instead of the pods. */
  scrapedThroughService?: boolean;
  /** The ready-replica sample kube-state-metrics reports at t (null: none, a gap), given the true count. */
  readyAt?(t: number, ready: number): number | null;
}

const load = (t: number) => (t < 60 ? 20 : t < 600 ? 300 : 10);

export const SCENARIOS: Record<string, Scenario> = {
  healthy: { load },
  'never-scales': { load, desired: () => 1 },
  'too-slow': { load, readyLag: 360 },
  flapping: {
    load,
    desired: (t, model) => (t > 120 && t < 600 ? (Math.floor(t / 30) % 2 ? 2 : 4) : model),
  },
  // A short run: replicas climb and fall in 15 s steps as the 2m rate moves, all within 5 minutes.
  staircase: { load: (t) => (t >= 60 && t < 240 ? 250 : 10) },
  'overshoots-max': {
    load: (t) => (t < 60 ? 20 : t < 600 ? 700 : 10),
    desired: (_t, model) => (model >= 10 ? 12 : model),
  },
  'errors-during-scale-down': { load, errors: (t) => (t >= 690 && t < 780 ? 0.05 : 0) },
  'missing-kube-state-metrics': { load, noKubeStateMetrics: true },
  // The tutorial's mistake: kube-state-metrics shows 1 → 6 → 1, the request series one pod only.
  'scraped-through-service': { load, scrapedThroughService: true },
  // A healthy scale-up with kube-state-metrics silent for 5 minutes across it.
  'ready-gap': { load, readyAt: (t, r) => (t > 45 && t < 345 ? null : r) },
  // Replicas stay up after the load, and kube-state-metrics reports one ready=0 sample.
  'scale-down-glitch': {
    load,
    desired: (t, model) => (t > 600 ? 6 : model),
    readyAt: (t, r) => (t === 900 ? 0 : r),
  },
};

/** Writes a scenario into `w` in its own namespace (one Prometheus can hold them all); k6's testid is the namespace too. */
export function writeScenario(w: OpenMetricsWriter, s: Scenario, ns: string): void {
  const lag = s.readyLag ?? 30;
  // The metric KEDA sees is rate over 2m; the model and the "observed" HPA follow it.
  const metricAt = (t: number) => {
    let sum = 0;
    for (let u = Math.max(0, t - 120); u < t; u += 1) sum += s.load(u);
    return t === 0 ? s.load(0) : sum / Math.min(120, t);
  };
  const model = simulateHpa(
    Array.from({ length: SECONDS / STEP + 1 }, (_, i) => ({
      t: i * STEP,
      value: metricAt(i * STEP),
    })),
    SCALING_POLICY,
  );
  const desired = (t: number) => {
    const m = model.find((p) => p.t === t)?.replicas ?? 1;
    return s.desired ? s.desired(t, m) : m;
  };
  const ready = (t: number) => desired(Math.max(0, t - lag));

  const counters = new Map<string, { ok: number; err: number }>();
  const client = { ok: 0, err: 0 };
  for (let t = 0; t <= SECONDS; t += STEP) {
    const pods = ready(t);
    const serving = s.scrapedThroughService ? 1 : pods;
    const rate = s.load(t);
    const errShare = s.errors?.(t) ?? 0;
    // Even spread over ready pods: each pod's counters advance by its share of the last 15 s.
    for (let p = 1; p <= 12; p++) {
      const c = counters.get(`p${p}`) ?? { ok: 0, err: 0 };
      if (p <= serving) {
        c.ok += (rate * STEP * (1 - errShare)) / serving;
        c.err += (rate * STEP * errShare) / serving;
      }
      counters.set(`p${p}`, c);
      if (c.ok === 0 && c.err === 0) continue;
      const labels = {
        [N.labels.app]: APP,
        namespace: ns,
        pod: `${APP}-7c9-${p}`,
        method: 'GET',
        route: '/crocodiles',
      };
      w.add(N.requestsTotal, { ...labels, status: '200' }, t, Math.round(c.ok), 'counter');
      w.add(N.requestsTotal, { ...labels, status: '500' }, t, Math.round(c.err), 'counter');
    }
    if (!s.noKubeStateMetrics) {
      const hpa = { namespace: ns, horizontalpodautoscaler: `keda-hpa-${APP}` };
      w.add(KUBE_METRICS.hpaDesiredReplicas, hpa, t, desired(t));
      w.add(KUBE_METRICS.hpaCurrentReplicas, hpa, t, desired(Math.max(0, t - STEP)));
      const reported = s.readyAt ? s.readyAt(t, pods) : pods;
      if (reported !== null)
        w.add(
          KUBE_METRICS.deploymentReplicasReady,
          { namespace: ns, deployment: APP },
          t,
          reported,
        );
    }
    // k6's counters, as its remote write sends them: failed requests are expected_response="false".
    client.ok += rate * STEP * (1 - errShare);
    client.err += rate * STEP * errShare;
    const k6 = (expected: string) => ({
      testid: ns,
      [K6_METRICS.label.expectedResponse]: expected,
    });
    w.add(K6_METRICS.requestsTotal, k6('true'), t, Math.round(client.ok), 'counter');
    w.add(K6_METRICS.requestsTotal, k6('false'), t, Math.round(client.err), 'counter');
  }
}
