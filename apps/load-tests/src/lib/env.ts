/** Typed access to k6's __ENV. A bad value aborts the test in init with a message naming it. */

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
