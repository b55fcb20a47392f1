/**
 * Time and VU compression: a suite declares its full-length shape, and the
 * profile shrinks every duration and VU count by the same factor.
 */
import { config } from './config.ts';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in a k6 duration such as "1m30s" or "500ms". */
export function parseDuration(d: string): number {
  let total = 0;
  let rest = d;
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h)/;
  while (rest) {
    const m = part.exec(rest);
    if (!m) throw new Error(`not a k6 duration: "${d}"`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** A duration, compressed by the time scale (never below 1 s, so every stage still runs). */
export function dur(d: string, scale = config.timeScale): string {
  return `${Math.max(1, Math.round(parseDuration(d) * scale))}s`;
}

/** A VU count, compressed by the VU scale (never below 1). */
export function vus(n: number, scale = config.vuScale): number {
  return Math.max(1, Math.round(n * scale));
}

/** ramping-vus stages with both scales applied. */
export function stages(list: readonly { duration: string; target: number }[]) {
  return list.map((s) => ({
    duration: dur(s.duration),
    target: s.target === 0 ? 0 : vus(s.target),
  }));
}
