/**
 * Which programs loadlab's code runs, and whether the project's own setup provides each: a program
 * that only a hand install provides passes on the machine where it was installed and fails on the
 * next one (wrk did, in benchmarks:test).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSync } from '@loadlab/process-supervisor';

export interface ProgramUse {
  readonly program: string;
  /** file:line of the call. */
  readonly where: string;
}

export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/**
 * What every machine loadlab supports has: the README's prerequisites (bash, npm with Node, Go, git
 * for the clone) and what Debian's essential packages install (coreutils, util-linux, mount,
 * libc-bin, tar, dash).
 */
export const MACHINE_PROGRAMS: ReadonlySet<string> = new Set([
  'bash',
  'sh',
  'node',
  'npm',
  'npx',
  'go',
  'git',
  'rm',
  'mkdir',
  'sleep',
  'true',
  'mount',
  'umount',
  'unshare',
  'setpriv',
  'getconf',
  'tar',
]);

/** A call that runs a program named by a string literal as its first argument. */
const CALL =
  /\b(?:requireBinary|runSync|spawn|spawnSync|execSync|execFile|execFileSync|startProcess|execa|execaSync|host)\(\s*['"`]([\w.+-]+)['"`]/g;
/** process-supervisor's run(), read only where it is imported: other modules have functions named run. */
const RUN_CALL = /\brun\(\s*['"`]([\w.+-]+)['"`]/g;
const IMPORTS_RUN = /import \{[^}]*\brun\b[^}]*\} from '@loadlab\/process-supervisor'/;
/** A shell script's own list: `# Programs: kubectl curl node`. */
const SCRIPT_LIST = /^# Programs: ([^(\n]+)/m;
/** A list of programs a module runs by name: `export const REAL_NODE_PROGRAMS = ['containerd', …]`. */
const LIST = /\bconst [A-Z_]*PROGRAMS\s*=\s*\[([^\]]*)\]/g;
/** Marks a use that is allowed to find nothing (the code then does without, or that is the test). */
const OPTIONAL = /optional program:/;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The programs a source file runs by name, with where; uses marked optional are left out. */
export function programsUsed({ file, text }: SourceFile): ProgramUse[] {
  if (file.endsWith('.sh')) {
    const list = SCRIPT_LIST.exec(text);
    const line = list ? lineOf(text, list.index) : 0;
    return (list?.[1]?.trim().split(/\s+/) ?? []).map((program) => ({
      program,
      where: `${file}:${line}`,
    }));
  }
  const lines = text.split('\n');
  const optional = (line: number) =>
    OPTIONAL.test(lines[line - 1] ?? '') || OPTIONAL.test(lines[line - 2] ?? '');
  const uses: ProgramUse[] = [];
  const calls = [
    ...text.matchAll(CALL),
    ...(IMPORTS_RUN.test(text) ? text.matchAll(RUN_CALL) : []),
  ];
  for (const m of calls) {
    const line = lineOf(text, m.index);
    if (!optional(line)) uses.push({ program: m[1]!, where: `${file}:${line}` });
  }
  for (const m of text.matchAll(LIST)) {
    const line = lineOf(text, m.index);
    for (const name of m[1]!.matchAll(/['"]([\w.+-]+)['"]/g))
      uses.push({ program: name[1]!, where: `${file}:${line}` });
  }
  return uses;
}

/**
 * The programs setup scripts provide, each with the script: a script that checks `command -v X`
 * and adds X's package to its `missing` list installs it, and one that builds into .tools names
 * the binary it builds.
 */
export function programsProvided(scripts: readonly SourceFile[]): Map<string, string> {
  const provided = new Map<string, string>();
  for (const { file, text } of scripts) {
    // `command -v X … || missing+=(pkg)`: a check that leads to an install (a bare check does not).
    for (const m of text.matchAll(/command -v ([\w.+-]+)[^\n]*missing\+=/g))
      provided.set(m[1]!, file);
    for (const m of text.matchAll(/\$TOOLS_DIR\/[\w/]*\/([\w.+-]+)"/g)) provided.set(m[1]!, file);
  }
  return provided;
}

/** Each use of a program that neither the machine nor a setup script provides. */
export function unprovided(
  uses: readonly ProgramUse[],
  provided: ReadonlyMap<string, string>,
  machine: ReadonlySet<string> = MACHINE_PROGRAMS,
): ProgramUse[] {
  return uses.filter((u) => !machine.has(u.program) && !provided.has(u.program));
}

/** This workspace's TypeScript files and its setup scripts (tools/setup, and libs' build scripts). */
export function workspaceSources(root: string): {
  sources: SourceFile[];
  setupScripts: SourceFile[];
} {
  const tracked = (...patterns: string[]) =>
    runSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...patterns], {
      cwd: root,
    })
      .stdout.split('\n')
      .filter((file) => file && existsSync(join(root, file)))
      .map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
  return {
    // This module and its spec hold example uses in strings and comments.
    sources: [...tracked('*.ts'), ...tracked('libs/*/scripts/*.sh', 'tools/scripts/*.sh')].filter(
      (f) => !f.file.startsWith('tools/src/required-programs'),
    ),
    setupScripts: tracked('tools/setup/*.sh', 'libs/*/scripts/build-*.sh'),
  };
}
