/**
 * The run's target, profile and testid, from the parsed environment (lib/env.ts says what each
 * variable means). The profile's time and VU factors apply unless TIME_SCALE or VU_SCALE is set.
 */
import catalog from '../../suites.json' with { type: 'json' };
import { env, RESOURCE, type Env } from './env.ts';

export interface RunConfig {
  readonly baseUrl: string;
  /** The list endpoint the read suites hit. */
  readonly endpoint: string;
  readonly profile: Env['PROFILE'];
  readonly timeScale: number;
  readonly vuScale: number;
  readonly testid: string;
}

/** The API root and the list URL, from either variable (the schema makes sure one is set). */
function urls(e: Env): { baseUrl: string; endpoint: string } {
  if (e.ENDPOINT) {
    const trimmed = e.ENDPOINT.replace(/\/+$/, '');
    const root = trimmed.endsWith(RESOURCE)
      ? trimmed.slice(0, -RESOURCE.length)
      : /^https?:\/\/[^/]+/.exec(trimmed)![0];
    return { baseUrl: (e.BASE_URL ?? root).replace(/\/+$/, ''), endpoint: trimmed };
  }
  const root = e.BASE_URL!.replace(/\/+$/, '');
  return { baseUrl: root, endpoint: `${root}${RESOURCE}` };
}

export function loadConfig(e: Env = env): RunConfig {
  // One list of profiles for k6, the runner and the Nx targets: apps/load-tests/suites.json.
  const profile = catalog.profiles[e.PROFILE];
  return {
    ...urls(e),
    profile: e.PROFILE,
    timeScale: e.TIME_SCALE ?? profile.time,
    vuScale: e.VU_SCALE ?? profile.vus,
    testid: e.TESTID,
  };
}

export const config: RunConfig = loadConfig();
