/** The generated dashboards are well-formed, without snapshots: ids, layout, datasources, units, variables. */
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderAll } from './build.ts';

const dashboards = Object.entries(renderAll()).map(([file, json]) => ({
  file,
  d: JSON.parse(json),
}));
const BUILTIN_VARIABLES = new Set(['__rate_interval', '__interval', 'timeFilter']);

/** Rows are section headers: no queries, no unit. */
const isRow = (p: any) => p.type === 'row';
const panelsOf = (d: any) => d.panels.filter((p: any) => !isRow(p));
const targetsOf = (d: any) =>
  panelsOf(d).flatMap((p: any) => (p.targets ?? []).map((t: any) => ({ panel: p, t })));
const textOf = (t: any) => String(t.expr ?? t.query ?? '');

describe('generated dashboards', () => {
  it('are the five dashboards', () => {
    assert.deepEqual(dashboards.map((x) => x.file).sort(), [
      'cluster-overview.json',
      'crocodile-load-test.json',
      'k6-results-influxdb.json',
      'k6-results.json',
      'workloads.json',
    ]);
  });

  for (const { file, d } of dashboards) {
    describe(file, () => {
      it('has unique panel ids and a unique uid', () => {
        const ids = d.panels.map((p: any) => p.id);
        assert.ok(ids.every((id: unknown) => typeof id === 'number'));
        assert.equal(new Set(ids).size, ids.length);
        assert.match(d.uid, /^loadlab-/);
      });

      it('has no overlapping panels, all inside 24 columns', () => {
        const boxes = d.panels.map((p: any) => p.gridPos);
        for (const [i, a] of boxes.entries()) {
          assert.ok(a.x >= 0 && a.x + a.w <= 24, `panel ${i} fits`);
          for (const b of boxes.slice(i + 1)) {
            const overlap =
              a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
            assert.ok(!overlap, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
          }
        }
      });

      it('gives every panel a title and a unit, and every target a datasource and a refId', () => {
        for (const p of panelsOf(d)) {
          assert.ok(p.title, 'title');
          assert.ok(p.fieldConfig?.defaults?.unit, `${p.title}: unit`);
          assert.ok(p.targets?.length, `${p.title}: targets`);
        }
        for (const { panel, t } of targetsOf(d)) {
          assert.ok(t.datasource?.uid && t.datasource?.type, `${panel.title}: target datasource`);
          assert.match(t.refId, /^[A-Z]$/);
          assert.ok(textOf(t).length > 0, `${panel.title}: a query`);
        }
      });

      it('groups its panels under titled, full-width rows', () => {
        assert.ok(isRow(d.panels[0]), 'the first panel is a row');
        for (const r of d.panels.filter(isRow)) {
          assert.ok(r.title, 'row title');
          assert.deepEqual([r.gridPos.x, r.gridPos.w, r.gridPos.h], [0, 24, 1], r.title);
          // Panels nested in an open row are dropped by Grafana.
          assert.ok(
            r.collapsed || !r.panels?.length,
            `${r.title}: no panels nested in an open row`,
          );
        }
      });

      it('defines every variable its queries and datasources use', () => {
        const defined = new Set(d.templating.list.map((x: any) => x.name));
        const used = new Set<string>();
        for (const { panel, t } of targetsOf(d)) {
          for (const s of [textOf(t), t.datasource.uid, panel.datasource?.uid ?? '']) {
            for (const [, a, b] of String(s).matchAll(/\$\{(\w+)\}|\$(\w+)/g)) used.add((a ?? b)!);
          }
        }
        const missing = [...used].filter((u) => !defined.has(u) && !BUILTIN_VARIABLES.has(u));
        assert.deepEqual(missing, []);
      });
    });
  }

  it("covers every panel of the tutorial's dashboard", () => {
    const titles = new Set(
      dashboards
        .find((x) => x.file === 'crocodile-load-test.json')!
        .d.panels.map((p: any) => p.title),
    );
    // tutorial panel -> ours
    const mapping: Record<string, string> = {
      'Requests per Second': 'HTTP request rate: k6 and app',
      'HTTP Request Rate/Second': 'HTTP request rate: k6 and app',
      'Virtual Users': 'Virtual users',
      'Running Pods': 'Running pods',
      'Pod Status': 'Pod status',
      'Total Crocodile Pods': 'Total crocodile-api pods',
      'Response Time -  0.99 Percentiles': 'Response time p99 (histogram)',
      'Memory usage (per pod)': 'Memory per pod',
      'Checks Per Second': 'Checks per second',
    };
    for (const [theirs, ours] of Object.entries(mapping))
      assert.ok(titles.has(ours), `${theirs} -> ${ours}`);
    for (const t of [
      'Pending pods',
      'Failed pods',
      'Replicas: HPA desired and current, ready',
      'KEDA metric against its threshold',
      'Response time p95 (histogram)',
      'Error ratio (5xx)',
      'CPU per pod',
    ]) {
      assert.ok(titles.has(t), t);
    }
    const p99 = JSON.stringify(
      dashboards
        .find((x) => x.file === 'crocodile-load-test.json')!
        .d.panels.find((p: any) => p.title.includes('p99')),
    );
    assert.match(p99, /histogram_quantile\(0\.99/);
    assert.doesNotMatch(p99, /quantile=/, 'not a summary quantile');
  });

  it('retypes no metric name in dashboard code: they all come from @loadlab/metrics', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    // Every source file but the specs and their fixtures (which name recorded series on purpose).
    const files = [
      ...readdirSync(dir).filter((f) => f.endsWith('.ts')),
      ...readdirSync(join(dir, 'dashboards')).map((f) => `dashboards/${f}`),
    ].filter((f) => !/\.spec\.ts$|^(scenario|test-support)\.ts$/.test(f));
    assert.ok(files.includes('panels.ts') && files.includes('dashboards/k6-results.ts'));
    for (const f of files) {
      const code = readFileSync(join(dir, f), 'utf8');
      assert.doesNotMatch(
        code,
        /['"`](node_http_|kube_|k6_|container_|keda_|http_reqs|http_req_duration)/,
        f,
      );
    }
  });
});
