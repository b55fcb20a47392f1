/** Options every suite shares: SLO thresholds, the run's tags, and the summary stats the verdict reads. */
import { config } from './config.ts';
import { thresholds } from './thresholds.ts';

export function common(suite: string) {
  return {
    thresholds: thresholds(),
    // testid ties every sample of one run together, in Prometheus and InfluxDB.
    tags: { testid: config.testid, suite },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  };
}
