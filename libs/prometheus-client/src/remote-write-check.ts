/**
 * Before N generators run for minutes: can this Prometheus take their samples,
 * and is the testid still unused? Each problem is named with its fix, so a run
 * that could never be judged does not start.
 */
import { PrometheusApi } from './prometheus-api.ts';

/** The query API behind a remote-write URL (http://host:9090/api/v1/write). */
export const queryUrlOf = (remoteWrite: string) =>
  remoteWrite.replace(/\/api\/v1\/write\/?$/, '').replace(/\/+$/, '');

export async function remoteWriteProblem(
  writeUrl: string,
  testid: string,
  testidSelector: string,
): Promise<string | undefined> {
  if (!/\/api\/v1\/write\/?$/.test(writeUrl))
    return `--prometheus-rw must end in /api/v1/write (Prometheus' remote-write receiver), got ${writeUrl}`;
  const prom = new PrometheusApi(queryUrlOf(writeUrl));
  if (!(await prom.ready()))
    return `Prometheus at ${prom.url} is not reachable or not ready: start it, or fix --prometheus-rw`;
  // An empty body: a receiver answers 400 (not snappy), a Prometheus without one 404.
  const probe = await fetch(writeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy' },
    body: '',
    signal: AbortSignal.timeout(5000),
  }).catch((err: Error) => err);
  if (probe instanceof Error || probe.status === 404 || probe.status === 405)
    return `Prometheus at ${prom.url} takes no remote write: start it with --web.enable-remote-write-receiver`;
  const flags = await fetch(`${prom.url}/api/v1/status/flags`, {
    signal: AbortSignal.timeout(5000),
  })
    .then((r) => r.json() as Promise<{ data?: Record<string, string> }>)
    .catch(() => ({ data: undefined }));
  const build = await fetch(`${prom.url}/api/v1/status/buildinfo`, {
    signal: AbortSignal.timeout(5000),
  })
    .then((r) => r.json() as Promise<{ data?: { version?: string } }>)
    .catch(() => ({ data: undefined }));
  const major = Number(build.data?.version?.split('.')[0]);
  if (major === 2 && !(flags.data?.['enable-feature'] ?? '').includes('native-histograms'))
    return `Prometheus ${build.data?.version} at ${prom.url} refuses native histograms, which carry k6's durations: start it with --enable-feature=native-histograms`;
  const [seen] = await prom.query(`count(max_over_time(${testidSelector}[1h]))`);
  if (seen && seen.value > 0)
    return `testid ${testid} already has k6 samples in Prometheus at ${prom.url} (an earlier run?): its counts would mix with this run's; choose another --testid`;
  return undefined;
}
