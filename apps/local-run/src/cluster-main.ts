/** ./loadlab demo --cluster: the cluster path on this machine, with one verdict. */
import { abortOnSignals } from '@loadlab/process-supervisor';
import { consoleReport, EXIT_CODES } from '@loadlab/verdict';
import { clusterUsage, parseClusterOptions } from './cluster-options.ts';
import { runCluster } from './cluster-run.ts';
import { UsageError } from './options.ts';

const TEARDOWN_GRACE_MS = 180_000;

export async function clusterMain(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(clusterUsage());
    return 0;
  }
  let options;
  try {
    options = parseClusterOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`loadlab: could not run: ${err.message}\n\n${clusterUsage()}`);
    return EXIT_CODES['could-not-run'];
  }
  // Ctrl-C: the load is stopped, then the teardown runs all the same. It stops pods, containerd,
  // the kubelet and the control plane and removes mounts, bridge and rules: cut short by the
  // default 5 s grace it left node processes behind, so it gets minutes, and a second Ctrl-C ends it.
  const r = await runCluster(
    options,
    abortOnSignals(
      TEARDOWN_GRACE_MS,
      `stopping the load and tearing the cluster down (up to ${TEARDOWN_GRACE_MS / 1000} s); a second Ctrl-C exits at once and may leave processes, mounts and rules behind`,
    ),
  );
  if (r.verdict) process.stdout.write(`\n${consoleReport(r.verdict)}`);
  if (r.reportDir && r.verdict)
    console.log(
      `\nreport:   ${r.reportDir}/report.html (the replica chart: the real HPA's replicas over the run)\nverdict:  ${r.reportDir}/verdict.json\njunit:    ${r.reportDir}/verdict.junit.xml`,
    );
  if (r.servedRequests !== undefined && r.verdict?.client)
    console.log(
      `requests: ${r.verdict.client.requests} sent by ${r.verdict.client.generators} runner(s) (the verdict, from Prometheus by testid); ${r.servedRequests} served by the crocodile-api pods (their own counters)`,
    );
  if (r.clusterUpSeconds !== undefined)
    console.log(`cluster with a real node up in ${r.clusterUpSeconds.toFixed(1)} s`);
  console.log(
    r.leftovers.length
      ? `teardown LEFT: ${r.leftovers.join('; ')}`
      : r.clusterUpSeconds !== undefined
        ? 'teardown: nothing left (processes, mounts, bridge, Service route, iptables rules, cgroups, containerd state)'
        : '',
  );
  console.log(`wall time ${r.wallSeconds.toFixed(1)} s`);
  if (r.reason) console.error(`loadlab: could not run: ${r.reason}`);
  return r.exitCode;
}
