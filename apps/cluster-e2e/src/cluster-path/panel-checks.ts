/**
 * Every cluster query of the dashboards we deploy (the generated JSON in libs/k8s-manifests/base/
 * grafana/dashboards), run against a live Prometheus. kube-state-metrics and KEDA series exist on
 * the local control plane ('live'); cAdvisor's and the kubelet's do not until pods really run
 * ('kubelet': listed as unproven, never passed).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrometheusApi } from '@loadlab/prometheus-client';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

const DASHBOARDS = join(WORKSPACE_ROOT, 'libs/k8s-manifests/base/grafana/dashboards');

export interface PanelCheck {
  readonly dashboard: string;
  readonly panel: string;
  readonly legend: string;
  readonly query: string;
  readonly needs: 'live' | 'kubelet';
  readonly series: number;
}

type Panel = {
  title?: string;
  panels?: Panel[];
  targets?: { expr?: string; legendFormat?: string }[];
};

const needs = (q: string): PanelCheck['needs'] | undefined =>
  /\b(container_|kubelet_|machine_)/.test(q)
    ? 'kubelet'
    : /\b(kube_|keda_)/.test(q)
      ? 'live'
      : undefined;

export async function panelChecks(
  api: PrometheusApi,
  vars: { namespace: string; app: string },
): Promise<PanelCheck[]> {
  const values: Record<string, string> = { ...vars, __rate_interval: '1m', __interval: '15s' };
  const fill = (q: string) =>
    q.replace(/\$\{([A-Za-z_]\w*)(?::\w+)?\}|\$([A-Za-z_]\w*)/g, (m, a, b) => {
      const name = (a ?? b) as string;
      if (!(name in values)) throw new Error(`no test value for $${name} in ${q}`);
      return values[name]!;
    });
  const out: PanelCheck[] = [];
  for (const file of readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const d = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as Panel;
    const panels = (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const n = t.expr ? needs(t.expr) : undefined;
        if (!t.expr || !n) continue;
        const series = (await api.query(fill(t.expr))).length;
        out.push({
          dashboard: file,
          panel: p.title ?? '',
          legend: t.legendFormat ?? '',
          query: t.expr,
          needs: n,
          series,
        });
      }
    }
  }
  return out;
}
