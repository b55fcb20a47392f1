import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeTempDir } from '@loadlab/testkit';
import { DEFAULT_REQUIRED } from '../model/slo.ts';
import { loadSlo, sloAsK6Env } from './slo.ts';

describe('SLO file', () => {
  it("defaults to the tutorial's p95 < 700 ms and errors < 1%", async () => {
    const slo = await loadSlo();
    assert.equal(slo.p95Ms, 700);
    assert.equal(slo.maxErrorRate, 0.01);
    assert.deepEqual(sloAsK6Env(slo), {
      P95_MS: '700',
      P99_MS: '1500',
      MAX_ERROR_RATE: '0.01',
      MIN_CHECKS_RATE: '0.99',
    });
  });

  it('names each bad field and the file', async () => {
    const dir = await makeTempDir();
    try {
      const file = join(dir.path, 'slo.json');
      await writeFile(
        file,
        JSON.stringify({ p95Ms: -1, p99Ms: 900, maxErrorRate: 2, minChecksRate: 0.9, p50: 1 }),
      );
      await assert.rejects(
        loadSlo(file),
        /SLO file .*slo\.json is invalid: p95Ms is -1, expected a number above 0; maxErrorRate is 2, expected a rate from 0 to 1; p50 is not an SLO field/,
      );
      await writeFile(file, '{ nope');
      await assert.rejects(loadSlo(file), /could not be read as JSON/);
    } finally {
      await dir.remove();
    }
  });
});

describe('required checks beside the SLO', () => {
  const write = async (body: unknown) => {
    const dir = await makeTempDir();
    const file = join(dir.path, 'slo.json');
    await writeFile(file, JSON.stringify(body));
    return { file, dir };
  };
  const limits = { p95Ms: 700, p99Ms: 1500, maxErrorRate: 0.01, minChecksRate: 0.99 };

  it('the default file requires every check; a file without `required` does too', async () => {
    assert.deepEqual((await loadSlo()).required, DEFAULT_REQUIRED);
    const { file, dir } = await write(limits);
    try {
      assert.deepEqual((await loadSlo(file)).required, DEFAULT_REQUIRED);
    } finally {
      await dir.remove();
    }
  });

  it('reads the lists given, and defaults the one left out', async () => {
    const { file, dir } = await write({ ...limits, required: { scaling: ['scale-up'] } });
    try {
      const slo = await loadSlo(file);
      assert.deepEqual(slo.required.scaling, ['scale-up']);
      assert.deepEqual(slo.required.run, DEFAULT_REQUIRED.run);
    } finally {
      await dir.remove();
    }
  });

  it('names unknown checks, wrong shapes and unknown verdicts', async () => {
    for (const [required, message] of [
      [
        { scaling: ['scale-up', 'speed'] },
        /required\.scaling\.1 is "speed", expected a scaling check id \(known: scale-up, right-size/,
      ],
      [{ run: 'client-p95' }, /required\.run is "client-p95", expected a list of check ids/],
      [
        ['client-p95'],
        /required is \["client-p95"\], expected \{ "run": \[\.\.\.\], "scaling": \[\.\.\.\] \}/,
      ],
      [{ cluster: [] }, /required\.cluster is not a verdict \(run, scaling\)/],
    ] as const) {
      const { file, dir } = await write({ ...limits, required });
      try {
        await assert.rejects(loadSlo(file), message);
      } finally {
        await dir.remove();
      }
    }
  });

  it('a JSON value that is not an object names every missing field', async () => {
    const { file, dir } = await write(42);
    try {
      await assert.rejects(
        loadSlo(file),
        /p95Ms is missing, expected .*; p99Ms is missing, .*; maxErrorRate is missing, .*; minChecksRate is missing/,
      );
    } finally {
      await dir.remove();
    }
  });
});
