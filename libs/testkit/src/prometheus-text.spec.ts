import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSamples, parsePrometheusText, unescapeLabel } from './prometheus-text.ts';

describe('parsePrometheusText', () => {
  it('unescapes label values in one pass: an escaped backslash before "n" stays a backslash and an n', () => {
    // The label value C:\new "dir"<newline>x, as the exposition format writes it.
    const text = 'up{path="C:\\\\new \\"dir\\"\\nx"} 1\n';
    const [s] = parsePrometheusText(text);
    assert.equal(s!.labels.path, 'C:\\new "dir"\nx');
    assert.equal(unescapeLabel('\\\\n'), '\\n', 'backslash, n: not a newline');
    assert.equal(unescapeLabel('\\\\\\n'), '\\\n', 'backslash, then a newline');
    assert.equal(unescapeLabel('\\\\"'), '\\"');
    assert.equal(unescapeLabel('a\\tb'), 'a\\tb', 'unknown escapes are left as they are');
  });

  it('reads names, labels, values and timestamps; skips comments; names a bad line', () => {
    const samples = parsePrometheusText(
      '# HELP x help\n# TYPE x counter\nx{a="1",b="2"} 3 1700000000000\ny 4.5\n\n',
    );
    assert.deepEqual(samples, [
      { name: 'x', labels: { a: '1', b: '2' }, value: 3 },
      { name: 'y', labels: {}, value: 4.5 },
    ]);
    assert.deepEqual(findSamples(samples, 'x', { a: '1' }).length, 1);
    assert.deepEqual(findSamples(samples, 'x', { a: '2' }).length, 0);
    assert.throws(
      () => parsePrometheusText('ok 1\n{bad} 1'),
      /line 2 is not a valid sample: \{bad\} 1/,
    );
  });
});
