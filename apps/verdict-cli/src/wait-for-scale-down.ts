/**
 * The wait before a scaling verdict: until kube-state-metrics shows the Deployment at its minimum
 * for three query steps (one sample at the floor is not judged a scale-down), or the scale-down
 * window and its margin have passed. No answer is not "scaled down": the wait goes on, and the
 * verifier judges what Prometheus holds. Shared by run-then-verify and verify --after-scale-down.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { kubeQueries } from '@loadlab/metrics';
import { PrometheusApi } from '@loadlab/prometheus-client';
import type { ScalingPolicy } from '@loadlab/scaling';
import { DEFAULT_LIMITS, STEP_SECONDS } from '@loadlab/verdict';

export async function waitForScaleDown(o: {
  prometheusUrl: string;
  namespace: string;
  deployment: string;
  policy: ScalingPolicy;
  signal?: AbortSignal;
}): Promise<void> {
  const waitS =
    o.policy.behavior.scaleDown.stabilizationWindowSeconds + DEFAULT_LIMITS.scaleDownMarginSeconds;
  console.log(
    `\nwaiting for the scale-down: until ${o.deployment} is back at ${o.policy.minReplicas} replica(s) for ${3 * STEP_SECONDS} s, at most ${waitS} s (stabilization window + margin); then verifying autoscaling...`,
  );
  const prom = new PrometheusApi(o.prometheusUrl);
  const replicas = kubeQueries.readyReplicas({ namespace: o.namespace, app: o.deployment });
  const deadline = Date.now() + waitS * 1000;
  let atMinSince: number | undefined;
  while (Date.now() < deadline) {
    const v = await prom
      .query(replicas)
      .then((r) => r[0]?.value)
      .catch(() => undefined);
    if (v !== undefined && v <= o.policy.minReplicas) atMinSince ??= Date.now();
    else atMinSince = undefined;
    if (atMinSince !== undefined && Date.now() - atMinSince >= 3 * STEP_SECONDS * 1000) return;
    await sleep(5_000, undefined, o.signal ? { signal: o.signal } : {});
  }
}
