/** Path options are refused up front with the option's name and the reason; good ones pass. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  checkInputFile,
  checkOutputDir,
  checkOutputFile,
  PathOptionError,
} from './path-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'path-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const refused = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: Error) => e instanceof PathOptionError && re.test(e.message));

describe('checkOutputDir', () => {
  it('takes a directory that can be made, returns it absolute, and leaves nothing behind', () => {
    const out = checkOutputDir('out', join(dir, 'a/b/c'));
    assert.equal(out, join(dir, 'a/b/c'));
    assert.ok(!existsSync(join(dir, 'a')), 'the check made nothing that stays');
    assert.deepEqual(readdirSync(dir), []);
  });
  it('refuses a name too long, and leaves none of the parents it made', () => {
    refused(() => checkOutputDir('out', join(dir, 'p/q', 'x'.repeat(300))), /ENAMETOOLONG/);
    assert.ok(!existsSync(join(dir, 'p')));
  });
  it('resolves a relative path from the folder the user typed it in; refuses ~', () => {
    const before = process.env.LOADLAB_CALLER_DIR;
    process.env.LOADLAB_CALLER_DIR = dir;
    try {
      assert.equal(checkOutputDir('out', 'runs/r1'), join(dir, 'runs/r1'));
    } finally {
      if (before === undefined) delete process.env.LOADLAB_CALLER_DIR;
      else process.env.LOADLAB_CALLER_DIR = before;
    }
    refused(
      () => checkOutputDir('out', '~/runs'),
      /the shell does not expand ~ after '='; write \$HOME\/runs/,
    );
  });
  it('refuses a parent that exists but cannot hold children (/proc), at once', () => {
    refused(
      () => checkOutputDir('out', '/proc/nope'),
      /^--out=\/proc\/nope: not a directory loadlab can write to \(ENOENT/,
    );
  });
  it('refuses a path under a file, and an empty one', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    refused(() => checkOutputDir('out-dir', join(file, 'x')), /^--out-dir=.*plain\/x: .*ENOTDIR/);
    refused(() => checkOutputDir('out', ''), /^--out is empty/);
  });
});

describe('checkOutputFile', () => {
  it('takes a new file in a writable directory, refuses a directory and /proc', () => {
    assert.equal(checkOutputFile('out', join(dir, 'new/report.md')), join(dir, 'new/report.md'));
    refused(() => checkOutputFile('out', dir), /is a directory: give the path of a file/);
    const link = join(dir, 'dangling.md');
    symlinkSync('/nonexistent/dir/x.md', link);
    try {
      refused(() => checkOutputFile('out', link), /is a symbolic link to nothing/);
    } finally {
      rmSync(link);
    }
    refused(
      () => checkOutputFile('out', '/proc/nope/report.md'),
      /^--out=\/proc\/nope\/report\.md: its directory is not one loadlab can write to \(ENOENT/,
    );
  });
});

describe('checkInputFile', () => {
  it('takes a readable file; refuses a missing one, a directory, an empty path', () => {
    const file = join(dir, 'slo.json');
    writeFileSync(file, '{}');
    assert.equal(checkInputFile('slo', file), file);
    refused(
      () => checkInputFile('slo', join(dir, 'none.json')),
      /^--slo=.*none\.json: cannot read it \(ENOENT/,
    );
    refused(() => checkInputFile('slo', dir), /is not a regular file/);
    refused(() => checkInputFile('file', ' '), /^--file is empty/);
  });
});
