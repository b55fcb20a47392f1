/** The real kube-state-metrics, run as a local process, serving on 127.0.0.1. */
import { freePort } from '@loadlab/process-supervisor';
import { startComponent, waitForComponent, type Component } from './component.ts';
import { probeOk } from './probe.ts';

export interface RunningKubeStateMetrics {
  readonly component: Component;
  /** http://127.0.0.1:<port> (/metrics) */
  readonly url: string;
  /** 127.0.0.1:<port>, a Prometheus scrape target. */
  readonly address: string;
}

export async function startKubeStateMetrics(o: {
  bin: string;
  kubeconfig: string;
  logDir: string;
}): Promise<RunningKubeStateMetrics> {
  const [port, telemetryPort] = [await freePort(), await freePort()];
  const address = `127.0.0.1:${port}`;
  const component = startComponent({
    name: 'kube-state-metrics',
    binary: o.bin,
    logDir: o.logDir,
    args: [
      `--kubeconfig=${o.kubeconfig}`,
      '--host=127.0.0.1',
      `--port=${port}`,
      '--telemetry-host=127.0.0.1',
      `--telemetry-port=${telemetryPort}`,
    ],
  });
  const url = `http://${address}`;
  // /livez asks the apiserver; the telemetry /readyz turns 200 once the stores are registered.
  await waitForComponent(
    component,
    `/livez on ${url} and /readyz on its telemetry port`,
    async () =>
      (await probeOk(`${url}/livez`)) &&
      (await probeOk(`http://127.0.0.1:${telemetryPort}/readyz`)),
    60_000,
  );
  return { component, url, address };
}
