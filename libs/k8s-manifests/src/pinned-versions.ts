/**
 * Versions pinned in tools/versions.env that the manifests must agree with, read at generation
 * time so the k6 the TestRuns and compose run is the k6 built locally (one constant, K6_VERSION).
 */
import { readFileSync } from 'node:fs';

const VERSIONS_ENV = new URL('../../../tools/versions.env', import.meta.url);

export function pinnedVersion(key: string): string {
  const line = readFileSync(VERSIONS_ENV, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}=`));
  const value = line?.slice(key.length + 1).trim();
  if (!value) throw new Error(`tools/versions.env has no ${key}`);
  return value;
}

/** grafana/k6 tags drop the v: K6_VERSION=v2.2.0 is grafana/k6:2.2.0 (k6-operator's own runner base). */
export const K6_IMAGE_TAG = pinnedVersion('K6_VERSION').replace(/^v/, '');

/** k6-operator's release images keep the v: ghcr.io/grafana/k6-operator:starter-v<version>. */
export const K6_OPERATOR_VERSION = pinnedVersion('K6_OPERATOR_VERSION');
export const KEDA_VERSION = pinnedVersion('KEDA_VERSION');
export const KUBE_STATE_METRICS_VERSION = pinnedVersion('KUBE_STATE_METRICS_VERSION');
