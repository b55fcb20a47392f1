/** Figures of a healthy local run, for the specs. */
import type { ClientFigures, ServerFigures } from '../model/figures.ts';
import { DEFAULT_REQUIRED, type Slo } from '../model/slo.ts';

export const slo: Slo = {
  p95Ms: 700,
  p99Ms: 1500,
  maxErrorRate: 0.01,
  minChecksRate: 0.99,
  required: DEFAULT_REQUIRED,
};
export const client: ClientFigures = {
  requests: 1000,
  rate: 50,
  p95Ms: 240,
  p99Ms: 260,
  errorRate: 0,
  checksRate: 1,
  thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<700', ok: true }],
};
export const server: ServerFigures = {
  requests: 990,
  rate: 49.5,
  p95Ms: 245,
  p99Ms: 262,
  errorRatio: 0,
  statusShare: { '200': 1 },
  cpuCoresMax: 0.3,
  rssMaxBytes: 1e8,
  eventLoopLagMaxMs: 12,
};
