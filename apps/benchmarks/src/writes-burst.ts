/**
 * Section 3: POST /crocodiles at the maximum rate wrk can drive, then the
 * db's size and GET /crocodiles/:id over the grown data. json-server rewrites
 * its whole file on every write and looks ids up by a linear scan, so the
 * interesting figure is how the rate holds as the data grows. crocodile-api
 * keeps its data in SQLite beside DB_FILE (DB_FILE.sqlite and its WAL), so
 * every file counts, and the item count comes over HTTP (what a restart would serve).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Contender } from './contenders.ts';
import { measure, wrkWithCpu, type GetMeasure, type Measured } from './get-throughput.ts';
import type { BenchSettings } from './settings.ts';
import { wrk, type WrkResult, type WrkScripts } from './wrk.ts';

export interface WritesResult {
  readonly contenderId: string;
  /** Acknowledged (2xx) writes in each whole second of the burst. */
  readonly perSecond: readonly number[];
  /** Seconds averaged at each end: 10 in the full bench. */
  readonly windowS: number;
  readonly firstRate: number;
  readonly lastRate: number;
  /** Acknowledged writes per second over the whole burst. */
  readonly meanRate: number;
  readonly errors: number;
  readonly dbBytes: number;
  readonly items: number;
  /** GET /crocodiles/:id over random ids of the seed data, on the same process just before the burst. */
  readonly getBefore: GetMeasure;
  /** GET /crocodiles/:id over random ids of the grown data. */
  readonly getAfter: GetMeasure;
}

/**
 * wrk prints a second's line when the first reply of the next second arrives,
 * so every line is a finished second except the first, which is partial and
 * dropped (the unfinished last second is never printed). A second with no
 * reply at all (a stall) has no line and counts as 0.
 */
export function wholeSeconds(seconds: WrkResult['seconds']): number[] {
  const whole = seconds.slice(1);
  if (!whole.length) return [];
  const first = whole[0]![0];
  const counts = new Array<number>(whole.at(-1)![0] - first + 1).fill(0);
  for (const [sec, ok] of whole) counts[sec - first] = ok;
  return counts;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export async function writesBurst(
  contender: Contender,
  s: BenchSettings,
  dir: string,
  scripts: WrkScripts,
  log: (line: string) => void,
): Promise<WritesResult> {
  const running = await contender.start({ dir: join(dir, `${contender.id}-writes`) });
  try {
    // Measured on this very process just before the burst, so that before and after
    // differ by the data's growth and as little else as possible.
    log(`${contender.id}: GET /crocodiles/:id over the seed data`);
    const seedScript = await scripts.randomId(8);
    const before: Measured[] = [];
    for (let round = 0; round < s.rounds; round++) {
      before.push(
        await wrkWithCpu(running, { url: running.url, durationS: s.durationS, script: seedScript }),
      );
    }
    log(`${contender.id}: ${s.burstS} s of POST /crocodiles`);
    const burst = await wrk({
      url: `${running.url}/crocodiles`,
      durationS: s.burstS,
      script: scripts.post,
    });
    const perSecond = wholeSeconds(burst.seconds);
    const windowS = Math.max(1, Math.min(10, Math.floor(perSecond.length / 3)));

    // Every acknowledged write is on disk by now: crocodile-api answers after
    // its group commit, json-server after its synchronous rewrite.
    const size = (file: string) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      );
    const files = ['', '.sqlite', '.sqlite-wal'].map((suffix) => `${running.dbFile}${suffix}`);
    const dbBytes = (await Promise.all(files.map(size))).reduce((a, b) => a + b, 0);
    const items = Number(
      (await fetch(`${running.url}/crocodiles?_limit=1`)).headers.get('x-total-count'),
    );
    const [top] = (await (
      await fetch(`${running.url}/crocodiles?_sort=id&_order=desc&_limit=1`)
    ).json()) as { id: number }[];
    const maxId = typeof top?.id === 'number' ? top.id : 1;

    log(`${contender.id}: GET /crocodiles/:id over ${items} items`);
    const script = await scripts.randomId(maxId);
    const gets: Measured[] = [];
    for (let round = 0; round < s.rounds; round++) {
      gets.push(await wrkWithCpu(running, { url: running.url, durationS: s.durationS, script }));
    }
    return {
      contenderId: contender.id,
      perSecond,
      windowS,
      firstRate: mean(perSecond.slice(0, windowS)),
      lastRate: mean(perSecond.slice(-windowS)),
      meanRate: burst.rps,
      errors: burst.errors,
      dbBytes,
      items,
      getBefore: measure(before),
      getAfter: measure(gets),
    };
  } finally {
    await running.stop();
  }
}
