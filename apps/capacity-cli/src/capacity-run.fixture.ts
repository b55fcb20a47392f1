/**
 * Test fixture (not shipped: production inputs leave out *.fixture.ts). The capacity runs the
 * report and threshold-guide specs render: a stable search's result, the minikube overlay's pod,
 * and a run sized from the pod's CPU request with its limit beside it.
 */
import type { CapacityResult, MachineAssessment } from '@loadlab/capacity';
import type { CapacityRun, PodRun } from './capacity-report.ts';

/** A stable search whose repeat ladders all agreed on these knees (the figure: the first). */
export function stableResult(capacity: number, estimates = [capacity]): CapacityResult {
  const [min, max] = [Math.min(...estimates), Math.max(...estimates)];
  const spread = { min, max, relative: Math.round(((max - min) / capacity) * 100) / 100 };
  return {
    capacity,
    stable: true,
    estimates,
    agreeing: estimates.length,
    spread,
    allSpread: spread,
    rounds: [],
  };
}

/** crocodile-api's pod as libs/k8s-manifests/overlays/minikube sets it, under cgroup v1. */
export const MINIKUBE_POD: PodRun = {
  deployment: 'crocodile-api',
  container: 'crocodile-api',
  cpuRequest: 0.25,
  cpuLimit: 1,
  memoryRequest: 128 * 2 ** 20,
  memoryLimit: 256 * 2 ** 20,
  source: 'kubectl kustomize libs/k8s-manifests/overlays/minikube',
  cgroup: 'v1',
  constrained: true,
};

/**
 * That pod searched at its CPU request (60 req/s, the figure sized from) and at its limit
 * (230 req/s), each with this machine assessment when given.
 */
export function sizedAtRequest(
  result = stableResult(60),
  machine?: MachineAssessment,
): Pick<CapacityRun, 'capacity' | 'result' | 'machine' | 'pod' | 'levels' | 'sizedFrom'> {
  return {
    capacity: 60,
    result,
    machine,
    pod: MINIKUBE_POD,
    levels: [
      { level: 'request', cpu: 0.25, result, capacity: 60, machine },
      { level: 'limit', cpu: 1, result: { ...result, capacity: 230 }, capacity: 230, machine },
    ],
    sizedFrom: { level: 'request', cpu: 0.25, why: 'a pod is guaranteed only its CPU request' },
  };
}
