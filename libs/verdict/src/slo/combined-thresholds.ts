/**
 * k6 thresholds re-evaluated on a run's combined data, for a run split over
 * several generators: each generator's own verdict saw only its share. What
 * Prometheus cannot give exactly (a trend's min or max, a custom metric) is
 * "not judged", never passed.
 */
export type ThresholdSpecs = Readonly<Record<string, readonly (string | { threshold: string })[]>>;

export interface CombinedThreshold {
  readonly metric: string;
  readonly expression: string;
  /** null: not judged, with the reason in `note`. */
  readonly ok: boolean | null;
  readonly value?: number;
  readonly note?: string;
}

/** What a threshold asks of the combined data: a figure of a metric, with label filters. */
export interface FigureRequest {
  readonly metric: string;
  /** From a submetric such as `http_req_duration{scenario:a}`. */
  readonly labels: Readonly<Record<string, string>>;
  /** k6's aggregation: p(95), avg, med, rate, count, ... */
  readonly stat: string;
}

/** Answers a figure, or a reason it cannot. Durations in ms, as k6 thresholds read them. */
export type FigureSource = (r: FigureRequest) => Promise<number | { notJudged: string }>;

// k6 reads the number with ParseFloat: `.01`, `1e3` and `-5` are numbers too.
const EXPRESSION =
  /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(<=|>=|==|===|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;

export function parseMetricKey(key: string): { metric: string; labels: Record<string, string> } {
  const m = /^([A-Za-z_][\w]*)(?:\{(.*)\})?$/.exec(key.trim());
  if (!m) throw new Error(`threshold metric "${key}" is not name or name{tag:value}`);
  const labels: Record<string, string> = {};
  for (const part of m[2] ? m[2].split(',') : []) {
    const i = part.indexOf(':');
    if (i < 1) throw new Error(`threshold metric "${key}": tag filter "${part}" is not tag:value`);
    labels[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return { metric: m[1]!, labels };
}

const compare = (v: number, op: string, limit: number) =>
  op === '<'
    ? v < limit
    : op === '<='
      ? v <= limit
      : op === '>'
        ? v > limit
        : op === '>='
          ? v >= limit
          : op === '!='
            ? v !== limit
            : v === limit;

export async function evaluateThresholds(
  specs: ThresholdSpecs,
  figure: FigureSource,
): Promise<CombinedThreshold[]> {
  const out: CombinedThreshold[] = [];
  for (const [key, list] of Object.entries(specs)) {
    for (const item of list) {
      const expression = typeof item === 'string' ? item : item.threshold;
      const notJudged = (note: string): CombinedThreshold => ({
        metric: key,
        expression,
        ok: null,
        note,
      });
      let parsed;
      try {
        parsed = parseMetricKey(key);
      } catch (err) {
        out.push(notJudged((err as Error).message));
        continue;
      }
      const e = EXPRESSION.exec(expression);
      if (!e) {
        out.push(notJudged(`"${expression}" is not "stat op number"`));
        continue;
      }
      // A figure that cannot even be asked (a tag name Prometheus cannot hold) is not judged.
      const answer = await figure({ ...parsed, stat: e[1]! }).catch((err: Error) => ({
        notJudged: err.message,
      }));
      if (typeof answer !== 'number') {
        out.push(notJudged(answer.notJudged));
        continue;
      }
      out.push({
        metric: key,
        expression,
        ok: compare(answer, e[2]!, Number(e[3])),
        value: answer,
      });
    }
  }
  return out;
}
