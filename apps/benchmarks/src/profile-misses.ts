/**
 * For each missed target, the contender that limits it under the load that
 * showed it, profiled; `focus` names the code the target is about, so the
 * report can say how much of the busy time is that code's.
 */
import { GET_CONTENDERS, seriesFixture, type Contender } from './contenders.ts';
import { profileUnderLoad, type ProfileSummary } from './cpu-profiles.ts';
import { FIXTURE_ROUTES, fillFixture } from './scrape-time.ts';
import type { BenchSettings } from './settings.ts';
import type { ProfileLoad, TargetResult } from './targets.ts';
import { wrk, WRK_CONNECTIONS, type WrkScripts } from './wrk.ts';

const FOCUS: Record<string, { label: string; packages: string[] }> = {
  'crocodile-api': {
    label:
      'crocodile-api and @loadlab/metrics (apps/crocodile-api, libs/metrics, prom-client, pino)',
    packages: ['apps/crocodile-api', 'libs/metrics', 'prom-client', 'pino'],
  },
  'mw-loadlab': {
    label: '@loadlab/metrics (libs/metrics, prom-client)',
    packages: ['libs/metrics', 'prom-client'],
  },
  'series-fixture': { label: 'prom-client', packages: ['prom-client'] },
};

function plan(load: ProfileLoad, s: BenchSettings, scripts: WrkScripts) {
  const getS = s.durationS * 2;
  switch (load.kind) {
    case 'get':
      return {
        what: `wrk -c${WRK_CONNECTIONS} GET ${load.path}, ${getS} s`,
        run: (r: { url: string }) =>
          wrk({ url: `${r.url}${load.path}`, durationS: getS, script: scripts.report }),
      };
    case 'writes':
      return {
        what: `wrk -c${WRK_CONNECTIONS} POST /crocodiles, ${s.burstS} s`,
        run: (r: { url: string }) =>
          wrk({ url: `${r.url}/crocodiles`, durationS: s.burstS, script: scripts.post }),
      };
    case 'scrape':
      return {
        what: `wrk -c1 GET /metrics with ~${s.seriesTarget} series, ${s.scrapeS} s`,
        run: async (r: { url: string }) => {
          await fillFixture(r.url, s.seriesTarget);
          const url = `${r.url}/metrics`;
          return wrk({ url, durationS: s.scrapeS, connections: 1, script: scripts.report });
        },
      };
  }
}

export async function profileMisses(
  targets: readonly TargetResult[],
  s: BenchSettings,
  dir: string,
  scripts: WrkScripts,
  log: (line: string) => void,
): Promise<ProfileSummary[]> {
  const byId = new Map<string, Contender>(
    [...GET_CONTENDERS, seriesFixture(FIXTURE_ROUTES)].map((c) => [c.id, c]),
  );
  const done = new Set<string>();
  const profiles: ProfileSummary[] = [];
  // A target met only within the noise gets a profile too: it is the steadier evidence.
  for (const t of targets.filter((x) => !x.met || x.withinNoise)) {
    const { contenderId, load } = t.limiting;
    const key = `${contenderId} ${JSON.stringify(load)}`;
    if (done.has(key)) continue;
    done.add(key);
    log(`profiling ${contenderId} (${t.target}: ${t.met ? 'within the noise' : 'not met'})`);
    const p = { ...plan(load, s, scripts), name: load.kind, focus: FOCUS[contenderId] };
    profiles.push(await profileUnderLoad(byId.get(contenderId)!, p, dir, s.keepDir));
  }
  return profiles;
}
