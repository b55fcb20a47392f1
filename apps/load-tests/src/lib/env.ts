/**
 * Typed access to k6's __ENV. A bad value aborts the test in init with a message naming it.
 * Checked by hand, not by a schema library: zod runs in k6, but every VU evaluates the bundle, and
 * zod/mini took the load suite from 9 to 46 KB and, at 100 VUs, from 66 to 174 MB and 0.13 to
 * 0.87 s of CPU (full zod: 750 KB a bundle). valibot 1.5 (the same rules and messages as schemas,
 * tree-shaken) costs less but still too much: +9.8 KB in every bundle (load 8.7 to 18.5 KB) and,
 * at 100 VUs, 74 to 89 MB and 0.21 to 0.28 s of CPU (medians of 3, k6 2.2.0); minified, still
 * +4.4 KB and +18 MB, so the cost is in what each VU evaluates, not in the text size. The ramp
 * suite runs 1,200 VUs.
 */

export function str(name: string, fallback?: string): string | undefined {
  const v = __ENV[name];
  return v === undefined || v === '' ? fallback : v;
}

export function num(name: string, fallback: number, { min = 0, max = Infinity } = {}): number {
  const raw = str(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}
