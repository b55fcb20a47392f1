/** The OpenMetrics writer's output reads back as it was meant, by the rules and by promtool itself. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { requireBinary, runSync } from '@loadlab/process-supervisor';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { backfill, escapeLabelValue, OpenMetricsWriter } from './openmetrics.ts';

/** Values a label may really hold: paths, messages, multi-line text, and plain ones. */
const HOSTILE: Record<string, string> = {
  path: 'C:\\new\\table',
  quote: 'say "hi"',
  lines: 'first\nsecond',
  backslash_n: 'a\\nb',
  trailing: 'ends with \\',
  plain: 'crocodile-api',
  unicode: 'ünïcödé\ttab',
};

/**
 * Label values of one sample line, unescaped by the text format's rules (the same as
 * Prometheus's lexer): inside quotes, \\ \" and \n are the only escapes; a bare quote ends the value.
 */
function readLabels(line: string): Record<string, string> {
  const body = /^[a-zA-Z_:][\w:]*\{(.*)\} \S+ \S+$/.exec(line)?.[1];
  assert.ok(body !== undefined, `not a sample line: ${line}`);
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const name = /^([a-zA-Z_]\w*)="/.exec(body.slice(i));
    assert.ok(name, `expected name="... at ${i} in ${body}`);
    i += name[0].length;
    let value = '';
    for (;;) {
      const c = body[i++];
      assert.ok(c !== undefined, `unterminated value in ${body}`);
      if (c === '"') break;
      assert.notEqual(c, '\n', 'a raw line feed inside a value');
      if (c !== '\\') {
        value += c;
        continue;
      }
      const e = body[i++];
      assert.ok(e === '\\' || e === '"' || e === 'n', `invalid escape \\${e} in ${body}`);
      value += e === 'n' ? '\n' : e;
    }
    labels[name[1]!] = value;
    if (body[i] === ',') i++;
    else assert.equal(i, body.length, `expected , or } after ${name[1]}`);
  }
  return labels;
}

/** promtool: the workspace's copy (.tools/bin), else PATH; undefined when there is none. */
function findPromtool(): string | undefined {
  const local = join(WORKSPACE_ROOT, '.tools/bin/promtool');
  if (existsSync(local)) return local;
  try {
    return requireBinary('promtool', 'apt-get install -y prometheus');
  } catch {
    return undefined;
  }
}

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and line feed, and nothing else', () => {
    assert.equal(escapeLabelValue('a\\b"c\nd\te'), 'a\\\\b\\"c\\nd\te');
    assert.equal(escapeLabelValue('plain'), 'plain');
  });
});

describe('OpenMetricsWriter', () => {
  it('writes label values that read back unchanged', () => {
    const w = new OpenMetricsWriter(1_700_000_000);
    w.add('m', HOSTILE, 0, 1);
    const lines = w.toString().split('\n');
    assert.deepEqual(lines.slice(0, 1), ['# TYPE m gauge']);
    assert.deepEqual(readLabels(lines[1]!), HOSTILE);
    assert.equal(lines.at(-2), '# EOF');
  });

  it('round-trips through promtool tsdb create-blocks-from openmetrics', async (t) => {
    const promtool = findPromtool();
    if (!promtool) {
      t.skip('not judged: no promtool (.tools/bin or PATH); the rule-based test above still ran');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'openmetrics-'));
    try {
      const start = Math.floor(Date.now() / 1000) - 3600;
      const w = new OpenMetricsWriter(start);
      w.add('loadlab_probe', HOSTILE, 0, 1);
      w.add('loadlab_probe', { ...HOSTILE, quote: 'another "one"' }, 15, 2);
      w.add('loadlab_requests_total', { route: '/a"b\\c\n' }, 0, 7, 'counter');
      backfill(w.toString(), dir, promtool);
      // `tsdb dump` opens the folder as a live TSDB, which needs a WAL folder.
      await mkdir(join(dir, 'tsdb/wal'), { recursive: true });
      const dump = runSync(promtool, ['tsdb', 'dump', join(dir, 'tsdb')]).stdout;
      // Each line is {__name__="...", k="v", ...} value ts, values quoted as Go (and JSON) quote.
      const series = dump
        .trim()
        .split('\n')
        .map((line) => {
          const labels: Record<string, string> = {};
          for (const m of line.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
            labels[m[1]!] = JSON.parse(`"${m[2]}"`) as string;
          return labels;
        });
      assert.equal(series.length, 3, dump);
      const { __name__, ...probe } = series.find((s) => s.quote === 'say "hi"')!;
      assert.equal(__name__, 'loadlab_probe');
      assert.deepEqual(probe, HOSTILE);
      assert.ok(series.some((s) => s.quote === 'another "one"'));
      assert.deepEqual(
        series.find((s) => s.__name__ === 'loadlab_requests_total'),
        { __name__: 'loadlab_requests_total', route: '/a"b\\c\n' },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
