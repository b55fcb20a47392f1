/** docs/benchmarks.md: the machine, the method, the targets, then each section's table. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { GET_CONTENDERS, tutorial } from './contenders.ts';
import type { ProfileSummary } from './cpu-profiles.ts';
import type { DemoTiming } from './demo-wall-time.ts';
import { GENERATOR_VUS, type GeneratorRow } from './generators.ts';
import { GET_ENDPOINTS, type GetMeasure } from './get-throughput.ts';
import type { Machine } from './machine.ts';
import type { BenchSettings } from './settings.ts';
import { FIXTURE_ROUTES } from './scrape-time.ts';
import { speedup, type Results, type TargetResult } from './targets.ts';
import { WRK_CONNECTIONS, WRK_THREADS } from './wrk.ts';
import type { WritesResult } from './writes-burst.ts';

export interface Report extends Results {
  readonly settings: BenchSettings;
  readonly machine: Machine;
  readonly targets: readonly TargetResult[];
  /** Median run of the timed demo runs, or why it was not timed. */
  readonly demo: DemoTiming | string;
  /** Section 6: N k6 processes against raw node:http, or why not measured. */
  readonly generators: readonly GeneratorRow[] | string;
  readonly profiles: readonly ProfileSummary[];
  readonly wallS: number;
}

const relative = (path: string) =>
  path.startsWith(WORKSPACE_ROOT) ? path.slice(WORKSPACE_ROOT.length) : path;
const label = (id: string) => [...GET_CONTENDERS].find((c) => c.id === id)?.label ?? id;

/** 37.2k, 4.11k, 517 */
export function rate(n: number): string {
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(2)}k`;
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const bytes = (n: number) =>
  n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: string) {
  const sep = align ?? head.map((_, i) => (i === 0 ? '---' : '---:')).join('|');
  return [`|${head.join('|')}|`, `|${sep}|`, ...rows.map((r) => `|${r.join('|')}|`)].join('\n');
}

const withSpread = (m: GetMeasure) =>
  `${rate(m.rps.median)} ±${(m.rps.spread * 100).toFixed(0)}%${m.errors ? ` (${m.errors} errors)` : ''}`;
const latency = (m: GetMeasure) => `${ms(m.p50Ms.median)} / ${ms(m.p99Ms.median)}`;

function machineSection(m: Machine): string {
  return table(
    ['', ''],
    [
      ['Date', m.date],
      ['CPU', `${m.cpu}, ${m.cores} cores`],
      ['Memory', `${m.memoryGiB} GiB`],
      ['OS', m.os],
      ['Node', m.node],
      ['wrk', m.wrk],
      ['Load average at start (1, 5, 15 min)', m.loadAverage.join(', ')],
      ['Load average at the end', m.loadAverageAtEnd?.join(', ') ?? ''],
    ],
    '---|---',
  );
}

function methodSection(r: Report): string {
  const s = r.settings;
  return [
    `- **Load generator:** wrk \`-t${WRK_THREADS} -c${WRK_CONNECTIONS}\` for every contender, ${s.warmupS ? `a ${s.warmupS} s warm-up per contender and endpoint (not recorded), then ` : ''}${s.rounds} round(s) of ${s.durationS} s. A round measures every contender one after the other (forwards, then backwards in the next round), so the contenders a ratio compares are measured back to back. Rates are the median of the rounds, ± is half their min–max range as a share of the median: that is mostly the rest of the machine, which rounds share. **Ratios** (the “vs” and “overhead” columns, and the targets) are taken within each round, then the median over the rounds, which cancels much of it. The ratio targets are judged on these req/s ratios. Each run also reads the contender’s CPU time (all threads, from /proc) before and after: **CPU µs per request** is the cost of a request, a second estimate shown beside req/s (it moves with the machine’s other load too).`,
    '- **Contenders:** each is its own process on 127.0.0.1 and an ephemeral port, over its own copy of crocodile-api’s seed `db.json` (8 crocodiles); delays off; `NODE_ENV` empty for all. Before measuring, each is checked to answer the same data. Logs go to a pipe the bench reads, as a container runtime would.',
    '- **bare json-server** is json-server 0.17.4’s own CLI (`json-server db.json --quiet`). **The tutorial’s app** is json-server + `@tailorbrands/node-exporter-prometheus` 2.0.7 configured as in the tutorial, with `jsonServer.defaults()`’s request log (morgan `dev`) on or off. **raw node:http** answers with the very bytes json-server sends, prepared once.',
    '- **Middleware overhead** uses one json-server app (`jsonServer.create()` + defaults without log + router) with nothing, `@loadlab/metrics` (route templates, process metrics), `express-prom-bundle` 8.0.0 (method and path labels, default metrics) or the tailorbrands exporter in front (that row is the tutorial’s app, log off).',
    `- **Writes:** wrk POSTs a valid crocodile for ${s.burstS} s on ${WRK_CONNECTIONS} connections; a Lua hook counts the acknowledged (2xx) replies per wall-clock second (the partial first second is dropped). Afterwards, GET /crocodiles/:id over random ids of the grown data.`,
    `- **Scrape:** wrk \`-c1\` on /metrics for ${s.scrapeS} s: scrapes back to back, one at a time. crocodile-api bounds its label values, so the ~${s.seriesTarget} series come from a fixture with ${FIXTURE_ROUTES} routes and the same \`@loadlab/metrics\` setup, given one request per (method, route, status) until it has them; crocodile-api itself is scraped after one request of every method on every kind of path, with good and bad bodies.`,
  ].join('\n');
}

function targetsSection(r: Report): string {
  const verdict = (t: TargetResult) =>
    r.settings.mode === 'smoke'
      ? `(smoke: ${t.met ? 'met' : 'not met'}, not judged)`
      : `${t.met ? '**met**' : '**not met**'}${t.withinNoise ? ', within the noise (single rounds fall on both sides)' : ''}`;
  return table(
    ['Target', 'Measured', 'Verdict'],
    r.targets.map((t) => [t.target, t.measured, verdict(t)]),
    '---|---|---',
  );
}

const cpu = (m: GetMeasure) => (Number.isNaN(m.cpuUs.median) ? '—' : m.cpuUs.median.toFixed(0));

/** One table per endpoint: rates, latencies, CPU per request, and ratios against `base`. */
function perEndpoint(
  r: Report,
  rows: readonly (readonly [string, string])[],
  base: string,
  head: readonly [string, string, string],
  ratio: (x: number) => string,
): string {
  return GET_ENDPOINTS.map((path) =>
    [
      `**GET ${path}**`,
      '',
      table(
        [head[0], 'req/s', 'p50 / p99 ms', 'CPU µs per request', head[1], head[2]],
        rows.map(([name, id]) => {
          const m = r.gets.get(id)![path];
          const vs = id === base ? undefined : speedup(r.gets, id, base, path);
          return [
            name,
            withSpread(m),
            latency(m),
            cpu(m),
            vs ? ratio(vs.rps.median) : '—',
            vs && !Number.isNaN(vs.cpu.median) ? ratio(vs.cpu.median) : '—',
          ];
        }),
      ),
    ].join('\n'),
  ).join('\n\n');
}

function getSection(r: Report): string {
  const ids = ['crocodile-api', 'json-server', 'tutorial-log', 'tutorial', 'raw-node'];
  return perEndpoint(
    r,
    ids.map((id) => [label(id), id] as const),
    'json-server',
    ['Contender', 'vs bare json-server, by req/s', 'by CPU per request'],
    (x) => `${x.toFixed(2)}×`,
  );
}

function middlewareSection(r: Report): string {
  const rows = [
    ['none', 'mw-none'],
    ['`@loadlab/metrics`', 'mw-loadlab'],
    ['`express-prom-bundle` (method, path)', 'mw-prom-bundle'],
    ['`@tailorbrands/node-exporter-prometheus`', tutorial.id],
  ] as const;
  return perEndpoint(
    r,
    rows,
    'mw-none',
    ['Middleware', 'overhead, by req/s', 'by CPU per request'],
    (x) => pct(1 - x),
  );
}

function writesSection(r: Report): string {
  const rows = [r.writes.api, r.writes.bare];
  const before = (w: WritesResult) => w.getBefore.rps.median;
  const w0 = r.writes.api.windowS;
  const main = table(
    [
      'Contender',
      `first ${w0} s writes/s`,
      `last ${w0} s writes/s`,
      'last / first',
      'whole burst writes/s',
      'errors',
      'db after',
      'GET /crocodiles/:id before req/s',
      'after req/s',
      'after / before',
    ],
    rows.map((w) => [
      label(w.contenderId),
      rate(w.firstRate),
      rate(w.lastRate),
      pct(w.firstRate ? w.lastRate / w.firstRate : 0),
      rate(w.meanRate),
      String(w.errors),
      `${bytes(w.dbBytes)}, ${w.items} items`,
      withSpread(w.getBefore),
      withSpread(w.getAfter),
      `${(w.getAfter.rps.median / before(w)).toFixed(2)}×`,
    ]),
  );
  // The shape of the decline: the rate in each tenth of the burst.
  const tenths = (w: WritesResult) => {
    const n = w.perSecond.length;
    return Array.from({ length: Math.min(10, n) }, (_, i) => {
      const part = w.perSecond.slice(
        Math.floor((i * n) / Math.min(10, n)),
        Math.floor(((i + 1) * n) / Math.min(10, n)),
      );
      return rate(part.reduce((a, b) => a + b, 0) / (part.length || 1));
    });
  };
  const n = Math.min(10, r.writes.api.perSecond.length, r.writes.bare.perSecond.length);
  const curve = table(
    ['Writes/s in each tenth of the burst', ...Array.from({ length: n }, (_, i) => `${i + 1}`)],
    rows.map((w) => [label(w.contenderId), ...tenths(w).slice(0, n)]),
  );
  const note =
    'GET /crocodiles/:id is measured on each contender just before its burst (8 items) and after it (its own grown data, so the sizes differ). json-server finds an id by a linear scan (lodash-id), so its rate falls with the item count; crocodile-api looks ids up in an index.';
  return `${main}\n\n${note}\n\n${curve}`;
}

function scrapeSection(r: Report): string {
  return table(
    ['Service', 'series', 'size', 'p50 ms', 'p99 ms', 'scrapes/s'],
    r.scrapes.map((s) => [
      s.label,
      String(s.series),
      bytes(s.bytes),
      ms(s.scrape.latencyMs.p50),
      ms(s.scrape.latencyMs.p99),
      rate(s.scrape.rps),
    ]),
  );
}

function generatorsSection(r: Report): string {
  if (typeof r.generators === 'string') return `Not measured: ${r.generators}`;
  const rows = r.generators;
  const one = rows.find((g) => g.generators === 1);
  const t = table(
    ['k6 processes', 'requests/s, all together', 'vs one', 'k6 CPU µs per request', 'failed'],
    rows.map((g) => [
      String(g.generators),
      g.rps.toFixed(0),
      one ? `${(g.rps / one.rps).toFixed(2)}×` : '—',
      g.cpuUsPerRequest === null ? 'not measured' : g.cpuUsPerRequest.toFixed(0),
      String(g.failed),
    ]),
  );
  const perCore = one?.cpuUsPerRequest ? 1e6 / one.cpuUsPerRequest : null;
  return `${t}

${GENERATOR_VUS} VUs in all, no think time, GET /crocodiles/1 on raw node:http (the cheapest server there is, so k6 is what limits), split with execution segments as \`--parallelism=N\` and the k6-operator split them.${perCore === null ? '' : ` One core of k6 drives about **${perCore.toFixed(0)} requests/s** here: a run that needs more than the cores one machine can give k6 (beside the service, when they share it) needs more generators, that is the k6-operator's \`parallelism\` on a cluster, judged as one run from Prometheus (\`nx run load-tests:verify --testid=...\`).`} On this ${r.machine.cores}-core machine the server shares the cores with the generators, so more processes than cores add nothing.`;
}

function demoSection(r: Report): string {
  if (typeof r.demo === 'string') return `Not timed: ${r.demo}`;
  const d = r.demo;
  const rows = [
    ['bundling the k6 suites (`nx run load-tests:build`)', d.bundleS.toFixed(1)],
    ...d.phases.map((p) => [
      // The URL's port changes every run; it says nothing here.
      `${p.name.replace(/ against http\S+/, '')}${p.plannedS === undefined ? '' : ` (planned ${p.plannedS} s)`}`,
      p.seconds.toFixed(1),
    ]),
    ['**total**', `**${(d.bundleS + d.runS).toFixed(1)}**`],
    ['**without the chosen load duration**', `**${d.overheadS.toFixed(1)}**`],
  ];
  return [
    `\`./loadlab demo --load-profile=ci\` after a first run (so no installs and a warm Nx cache), exit code ${d.exitCode}. The ensure-* install checks are not timed. The load phase runs for its planned length plus k6's own start and summary (${(d.loadS - d.plannedLoadS).toFixed(1)} s), which stays in the figure.`,
    '',
    table(['Phase', 'seconds'], rows),
  ].join('\n');
}

function profilesSection(r: Report): string {
  if (!r.profiles.length) return 'Every target is met; no profile was needed.';
  return r.profiles
    .map((p) =>
      [
        `### ${label(p.contenderId)} under ${p.load}`,
        '',
        `Busy time by package: ${p.packages.map((k) => `${k.name} ${pct(k.share)}`).join(', ')}.`,
        ...(p.focus ? ['', `**${p.focus.label}: ${pct(p.focus.share)} of the busy time.**`] : []),
        '',
        table(
          ['Function (self time)', 'where', 'share of busy time'],
          p.top.map((f) => [
            `\`${f.name}\``,
            f.location ? `\`${relative(f.location)}\`` : '',
            pct(f.selfShare),
          ]),
          '---|---|---:',
        ),
        '',
        `Profile: \`${relative(p.file)}\` (open it in Chrome DevTools, Performance).`,
      ].join('\n'),
    )
    .join('\n\n');
}

export function renderReport(r: Report): string {
  const smoke =
    r.settings.mode === 'smoke'
      ? '\n> **Smoke mode:** about a second per contender, to prove the bench works. These figures say nothing about performance.\n'
      : '';
  return `# Benchmarks

Side by side: every figure below comes from one run of \`nx run benchmarks:bench\` (${(r.wallS / 60).toFixed(1)} min) on one machine, and performance claims in loadlab are the **ratios** between them, not the absolute numbers. Do not edit by hand; rerun the bench.
${smoke}
## Machine

${machineSection(r.machine)}

## Method

${methodSection(r)}

## Targets

${targetsSection(r)}

## 1. GET throughput and latency (delay off)

${getSection(r)}

## 2. Middleware overhead on the same json-server app

${middlewareSection(r)}

## 3. Sustained writes (${r.settings.burstS} s of POST /crocodiles)

${writesSection(r)}

## 4. /metrics scrape time

${scrapeSection(r)}

## 5. The local demo's wall time

${demoSection(r)}

## 6. Load generators: one k6 process or several

${generatorsSection(r)}

## 7. \`./loadlab demo --cluster\`: cold and warm

${demoClusterSection()}

## CPU profiles of the contenders that miss a target (or meet it only within the noise)

${profilesSection(r)}
`;
}

/**
 * The cluster demo needs root and the machine's one real node, so the bench does not run it: its
 * figures are measured by hand, kept in docs/benchmarks-demo-cluster.md, and carried over here.
 */
function demoClusterSection(): string {
  const file = join(WORKSPACE_ROOT, 'docs/benchmarks-demo-cluster.md');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .replace(/^# .*\n+/, '')
        .trim()
    : '(not measured: docs/benchmarks-demo-cluster.md is missing)';
}

/** Written through prettier, so the repo's format check passes on a fresh run. */
export async function writeReport(file: string, markdown: string): Promise<string> {
  const config = (await resolveConfig(file)) ?? {};
  const text = await format(markdown, { ...config, parser: 'markdown' });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return text;
}
