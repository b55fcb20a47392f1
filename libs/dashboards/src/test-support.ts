/** Pulls the queries out of generated dashboards and fills in Grafana's variables. */
import { renderAll } from './build.ts';

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly legend: string;
  readonly query: string;
}

export function panelQueries(file: string): PanelQuery[] {
  const d = JSON.parse(renderAll()[file]!);
  // Rows are section headers without queries.
  return d.panels.flatMap((p: any) =>
    (p.type === 'row' ? [] : p.targets).map((t: any) => ({
      dashboard: file,
      panel: p.title,
      legend: t.legendFormat ?? t.alias ?? '',
      query: t.expr ?? t.query,
    })),
  );
}

/** Replaces $name and ${name}; every variable used must be given. */
export function substitute(query: string, values: Readonly<Record<string, string>>): string {
  return query.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => {
    const name = (a ?? b) as string;
    if (!(name in values)) throw new Error(`no value for $${name} in ${query}`);
    return values[name]!;
  });
}

/** Metrics that only a cluster has (kube-state-metrics, cAdvisor, KEDA). */
export const isClusterQuery = (q: string) => /\b(kube_|container_|keda_)/.test(q);
