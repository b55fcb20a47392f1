/** Checks assert behaviour; thresholds (thresholds.ts) decide pass or fail. */
import { check as k6check } from 'k6';
import type { RefinedResponse, ResponseType } from 'k6/http';
import { Counter } from 'k6/metrics';

/**
 * Checks evaluated and failed, as counters: k6's built-in `checks` is a Rate,
 * which its Prometheus output exports as one ratio per generator, and ratios
 * of several generators cannot be combined; counts can.
 */
const checkEvaluations = new Counter('check_evaluations');
const checkFailures = new Counter('check_failures');

/** Each condition is its own k6 check, as k6 records them anyway; the counters see each one. */
function check<T>(value: T, sets: Record<string, (v: T) => boolean>): boolean {
  let all = true;
  for (const [name, condition] of Object.entries(sets)) {
    checkEvaluations.add(1);
    if (!k6check(value, { [name]: condition })) {
      checkFailures.add(1);
      all = false;
    }
  }
  return all;
}

type Res = RefinedResponse<ResponseType | undefined>;

function json(r: Res): unknown {
  try {
    return r.json();
  } catch {
    return undefined;
  }
}

export function expectStatus(r: Res, status: number, what = ''): boolean {
  return check(r, {
    [`${what || r.request.method} status is ${status}`]: (x) => x.status === status,
  });
}

export function expectList(r: Res): boolean {
  return check(r, {
    'list status is 200': (x) => x.status === 200,
    'list is a JSON array': (x) => Array.isArray(json(x)),
  });
}

export function expectCrocodile(r: Res, status = 200): boolean {
  return check(r, {
    [`crocodile status is ${status}`]: (x) => x.status === status,
    'crocodile has an id and a name': (x) => {
      const body = json(x) as { id?: unknown; name?: unknown } | undefined;
      return body !== undefined && body.id !== undefined && typeof body.name === 'string';
    },
  });
}

/** The id in a JSON response, or undefined. */
export function idOf(r: Res): number | undefined {
  const body = json(r) as { id?: unknown } | undefined;
  return typeof body?.id === 'number' ? body.id : undefined;
}
