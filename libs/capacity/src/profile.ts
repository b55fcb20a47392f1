/**
 * A suite's load profile as offered requests per second over time, from the options k6
 * itself reports (`k6 inspect`). Arrival-rate scenarios are exact. VU scenarios become
 * VUs / iteration time, where an iteration is the suite's think time plus one request.
 */

export interface RatePoint {
  /** Seconds since the start. */
  readonly t: number;
  /** Offered requests per second. */
  readonly rps: number;
}

/**
 * The sleep() of each VU-driven suite's iteration (apps/load-tests/src/suites/<suite>.ts).
 * k6 cannot report a script's sleeps, so they are listed here; a spec checks this table
 * against the suites' source.
 */
export const THINK_SECONDS: Readonly<Record<string, number>> = {
  ramp: 3,
  load: 3,
  spike: 1,
  soak: 2,
};

/** crocodile-api's default injected delay is 30-250 ms: about 140 ms per request. */
export const DEFAULT_REQUEST_SECONDS = 0.14;

const UNIT: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
const seconds = (d: string | number | undefined): number =>
  typeof d === 'number'
    ? d / 1e9 // k6 inspect may print nanoseconds
    : [...(d ?? '').matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)].reduce(
        (t, [, n, u]) => t + Number(n) * UNIT[u!]!,
        0,
      );

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly start: number;
  readonly end: number;
}

/** Linear segments of one scenario's "level" (VUs or arrival rate) over time. */
function segments(
  startLevel: number,
  stages: readonly { duration: string; target: number }[],
  t0: number,
): Segment[] {
  const out: Segment[] = [];
  let t = t0;
  let level = startLevel;
  for (const s of stages) {
    const d = seconds(s.duration);
    out.push({ from: t, to: t + d, start: level, end: s.target });
    t += d;
    level = s.target;
  }
  return out;
}

export class ProfileError extends Error {}

export function profileFromOptions(
  suite: string,
  options: any,
  o: { thinkSeconds?: number; requestSeconds?: number; stepSeconds?: number } = {},
): RatePoint[] {
  const perVu =
    1 /
    ((o.thinkSeconds ?? THINK_SECONDS[suite] ?? 0) + (o.requestSeconds ?? DEFAULT_REQUEST_SECONDS));
  const parts: { segs: Segment[]; scale: number }[] = [];
  for (const [name, sc] of Object.entries<any>(options?.scenarios ?? {})) {
    const t0 = seconds(sc.startTime);
    const perUnit = 1 / (seconds(sc.timeUnit ?? '1s') || 1);
    switch (sc.executor) {
      case 'constant-arrival-rate':
        parts.push({
          segs: [{ from: t0, to: t0 + seconds(sc.duration), start: sc.rate, end: sc.rate }],
          scale: perUnit,
        });
        break;
      case 'ramping-arrival-rate':
        parts.push({ segs: segments(sc.startRate ?? 0, sc.stages ?? [], t0), scale: perUnit });
        break;
      case 'constant-vus':
      case 'ramping-vus':
        if (!(suite in THINK_SECONDS) && o.thinkSeconds === undefined)
          throw new ProfileError(
            `suite ${suite} drives VUs but its think time is unknown: pass --think-seconds (its sleep() per iteration)`,
          );
        parts.push({
          segs:
            sc.executor === 'constant-vus'
              ? [{ from: t0, to: t0 + seconds(sc.duration), start: sc.vus ?? 1, end: sc.vus ?? 1 }]
              : segments(sc.startVUs ?? 1, sc.stages ?? [], t0),
          scale: perVu,
        });
        break;
      default:
        throw new ProfileError(
          `scenario ${name} of ${suite} uses ${sc.executor}, which has no rate profile: use an arrival-rate or VU suite, or --peak-rps`,
        );
    }
  }
  if (!parts.length) throw new ProfileError(`suite ${suite} has no scenarios`);
  const end = Math.max(...parts.flatMap((p) => p.segs.map((s) => s.to)));
  const step = o.stepSeconds ?? 1;
  const out: RatePoint[] = [];
  for (let t = 0; t <= end; t += step) {
    let rps = 0;
    for (const p of parts) {
      const s = p.segs.find((g) => t >= g.from && t < g.to);
      if (s) rps += (s.start + ((s.end - s.start) * (t - s.from)) / (s.to - s.from || 1)) * p.scale;
    }
    out.push({ t, rps });
  }
  return out;
}

/** A stated peak with no suite: ramp from 0 over rampSeconds, hold, and drop. */
export function peakProfile(peakRps: number, rampSeconds = 60, holdSeconds = 300): RatePoint[] {
  if (!(peakRps > 0))
    throw new ProfileError(`--peak-rps must be a positive number, got ${peakRps}`);
  const out: RatePoint[] = [];
  for (let t = 0; t <= rampSeconds + holdSeconds; t++)
    out.push({ t, rps: t < rampSeconds ? (peakRps * t) / rampSeconds : peakRps });
  out.push({ t: rampSeconds + holdSeconds + 1, rps: 0 });
  return out;
}
