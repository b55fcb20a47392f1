/** What k6 itself says about a bundle: its options, and from them how long the run will take. */
import { run } from '@loadlab/process-supervisor';
import { bundlePath, resolveK6, type K6Location } from './paths.ts';

const UNIT: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
/** k6's Go-style durations, e.g. "1m30s", "500ms". */
export function goDurationSeconds(d: string): number {
  return [...d.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)].reduce(
    (t, [, n, u]) => t + Number(n) * UNIT[u!]!,
    0,
  );
}

export async function inspectSuite(
  suite: string,
  env: Readonly<Record<string, string>>,
  where: K6Location,
): Promise<any> {
  const args = ['inspect'];
  for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
  const { stdout } = await run(
    resolveK6(process.env, where.localK6),
    [...args, bundlePath(where.bundleDir, suite)],
    { timeoutMs: 30_000 },
  );
  return JSON.parse(stdout);
}

/** The longest scenario's planned length in seconds (iteration-based ones: their maxDuration). */
export function plannedSeconds(options: any): number {
  let longest = 0;
  for (const sc of Object.values<any>(options.scenarios ?? {})) {
    const start = sc.startTime ? goDurationSeconds(sc.startTime) : 0;
    const body = sc.stages
      ? sc.stages.reduce(
          (t: number, s: { duration: string }) => t + goDurationSeconds(s.duration),
          0,
        )
      : goDurationSeconds(sc.duration ?? sc.maxDuration ?? '0s');
    longest = Math.max(longest, start + body);
  }
  return longest;
}
