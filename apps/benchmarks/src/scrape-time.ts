/**
 * Section 4: how long GET /metrics takes with about 1,000 series. crocodile-api
 * bounds its label values, so the 1k come from a fixture with more routes and
 * the same instrumentation, driven by real requests; crocodile-api itself is
 * measured after every method/route/status combination real clients can reach.
 */
import { join } from 'node:path';
import { crocodileApi, seriesFixture, type Contender } from './contenders.ts';
import type { BenchSettings } from './settings.ts';
import { wrk, type WrkResult } from './wrk.ts';

export interface ScrapeResult {
  readonly contenderId: string;
  readonly label: string;
  readonly series: number;
  readonly bytes: number;
  /** wrk -c1: scrapes back to back, one at a time, like one Prometheus. */
  readonly scrape: WrkResult;
}

/** Series are the sample lines of the exposition text. */
export function countSeries(text: string): number {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).length;
}

async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

export const FIXTURE_ROUTES = 20;
const FIXTURE_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const FIXTURE_STATUSES = [200, 404, 500] as const;
/** A counter line and a histogram of 18 buckets + Inf + sum + count. */
const SERIES_PER_COMBO = 22;

export async function fillFixture(url: string, target: number): Promise<void> {
  const base = countSeries(await metricsText(url));
  const combos = Math.ceil((target - base) / SERIES_PER_COMBO);
  const max = FIXTURE_ROUTES * FIXTURE_METHODS.length * FIXTURE_STATUSES.length;
  if (combos > max)
    throw new Error(`the fixture cannot reach ${target} series (max ${max} combos)`);
  for (let i = 0; i < combos; i++) {
    const route = i % FIXTURE_ROUTES;
    const method = FIXTURE_METHODS[Math.floor(i / FIXTURE_ROUTES) % FIXTURE_METHODS.length]!;
    const status = FIXTURE_STATUSES[Math.floor(i / (FIXTURE_ROUTES * FIXTURE_METHODS.length))]!;
    await (await fetch(`${url}/r${route}/${i}?status=${status}`, { method })).arrayBuffer();
  }
}

/** Every method on every kind of path, with good and bad bodies: each reachable (method, route, status). */
async function exerciseCrocodileApi(url: string): Promise<void> {
  const paths = ['/crocodiles', '/crocodiles/2', '/crocodiles/999999', '/db', '/no-such-thing'];
  const good = { name: 'Scrape', sex: 'M', date_of_birth: '2001-02-03', age: 3 };
  const bodies: [string, string][] = [
    ['application/json', JSON.stringify(good)],
    ['application/json', JSON.stringify({ ...good, sex: 'X' })], // 422
    ['application/json', JSON.stringify({ ...good, id: 1 })], // 409 on create
    ['application/json', '{"name":'], // 400
    ['text/plain', 'hello'], // 415
  ];
  const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'];
  for (const method of methods) {
    for (const path of paths) {
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
      for (const [type, body] of withBody ? bodies : [['', '']]) {
        const init = withBody ? { method, body, headers: { 'content-type': type } } : { method };
        await (await fetch(`${url}${path}`, init)).arrayBuffer();
      }
    }
  }
}

async function scrapeOne(
  contender: Contender,
  fill: (url: string) => Promise<void>,
  s: BenchSettings,
  dir: string,
  script: string,
): Promise<ScrapeResult> {
  const running = await contender.start({ dir: join(dir, `${contender.id}-scrape`) });
  try {
    await fill(running.url);
    const text = await metricsText(running.url);
    const scrape = await wrk({
      url: `${running.url}/metrics`,
      durationS: s.scrapeS,
      connections: 1,
      script,
    });
    return {
      contenderId: contender.id,
      label: contender.label,
      series: countSeries(text),
      bytes: Buffer.byteLength(text),
      scrape,
    };
  } finally {
    await running.stop();
  }
}

export async function measureScrapes(
  s: BenchSettings,
  dir: string,
  script: string,
): Promise<readonly ScrapeResult[]> {
  return [
    await scrapeOne(
      seriesFixture(FIXTURE_ROUTES),
      (url) => fillFixture(url, s.seriesTarget),
      s,
      dir,
      script,
    ),
    await scrapeOne(crocodileApi, exerciseCrocodileApi, s, dir, script),
  ];
}
