/**
 * Run configuration from the environment (`k6 run -e NAME=value`), read once in init.
 *   BASE_URL   the API root, e.g. http://127.0.0.1:4000
 *   ENDPOINT   the tutorial's variable: the list URL, e.g. http://10.0.0.7:4000/crocodiles
 *   PROFILE    full (default), demo (about a minute, a quarter of the VUs) or ci (seconds):
 *              compressed time and VUs, same shape
 *   TIME_SCALE / VU_SCALE   explicit compression factors (override the profile)
 */
import catalog from '../../suites.json' with { type: 'json' };
import { num, str } from './env.ts';

const RESOURCE = '/crocodiles';

export interface RunConfig {
  readonly baseUrl: string;
  /** The list endpoint the read suites hit. */
  readonly endpoint: string;
  readonly profile: Profile;
  readonly timeScale: number;
  readonly vuScale: number;
  readonly testid: string;
}

// One list of profiles for k6, the runner and the Nx targets: apps/load-tests/suites.json.
const PROFILES = catalog.profiles;
export type Profile = keyof typeof PROFILES;

function urls(): { baseUrl: string; endpoint: string } {
  const base = str('BASE_URL');
  const endpoint = str('ENDPOINT');
  if (!base && !endpoint) {
    throw new Error(
      'set BASE_URL (e.g. http://127.0.0.1:4000) or ENDPOINT (e.g. http://127.0.0.1:4000/crocodiles)',
    );
  }
  for (const [name, value] of [
    ['BASE_URL', base],
    ['ENDPOINT', endpoint],
  ] as const) {
    if (value && !/^https?:\/\/[^/\s]+/.test(value))
      throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (endpoint) {
    const trimmed = endpoint.replace(/\/+$/, '');
    const root = trimmed.endsWith(RESOURCE)
      ? trimmed.slice(0, -RESOURCE.length)
      : /^https?:\/\/[^/]+/.exec(trimmed)![0];
    return { baseUrl: (base ?? root).replace(/\/+$/, ''), endpoint: trimmed };
  }
  const root = base!.replace(/\/+$/, '');
  return { baseUrl: root, endpoint: `${root}${RESOURCE}` };
}

function profile(): Profile {
  const p = str('PROFILE', 'full')!;
  if (!(p in PROFILES))
    throw new Error(`PROFILE must be one of ${Object.keys(PROFILES).join(', ')}, got "${p}"`);
  return p as Profile;
}

export function loadConfig(): RunConfig {
  const p = profile();
  return {
    ...urls(),
    profile: p,
    timeScale: num('TIME_SCALE', PROFILES[p].time, { min: 0.001, max: 100 }),
    vuScale: num('VU_SCALE', PROFILES[p].vus, { min: 0.001, max: 100 }),
    testid: str('TESTID', 'local')!,
  };
}

export const config: RunConfig = loadConfig();
