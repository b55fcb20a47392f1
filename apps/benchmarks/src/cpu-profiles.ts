/**
 * When a target is missed, the contender that misses it runs again under
 * `node --cpu-prof` with the same load, and its busy time is summarised: the
 * top functions by self time, and the share of each package, which is what
 * says whether the limit is ours (libs/, apps/) or the framework's.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@loadlab/workspace';
import { topFunctions, type TopFunction } from '@loadlab/verdict';
import type { Contender, Running } from './contenders.ts';

export interface ProfileSummary {
  readonly contenderId: string;
  /** What ran while profiling, e.g. `wrk -c50 GET /crocodiles/1, 10 s`. */
  readonly load: string;
  readonly top: readonly TopFunction[];
  readonly packages: readonly { readonly name: string; readonly share: number }[];
  /** The share of busy time in the code the missed target is about. */
  readonly focus?: { readonly label: string; readonly share: number };
  /** Kept for DevTools (Performance > Load profile). */
  readonly file: string;
}

type Profile = Parameters<typeof topFunctions>[0];

/** node_modules package, workspace project (libs/metrics), Node's internals, or V8's own entries. */
export function packageOf(f: TopFunction): string {
  const loc = f.location;
  // V8's own entries keep their name; other frames without a source are native code.
  if (!loc) return f.name.startsWith('(') ? f.name : 'native (no source)';
  if (loc.startsWith('node:')) return 'node (built-ins)';
  if (loc.startsWith(WORKSPACE_ROOT)) {
    return loc.slice(WORKSPACE_ROOT.length).split('/').slice(0, 2).join('/');
  }
  if (loc.startsWith('/')) return 'other';
  // topFunctions strips everything up to node_modules/.
  const parts = loc.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

export function summarizeProfile(profile: Profile, limit = 10) {
  const all = topFunctions(profile, Number.MAX_SAFE_INTEGER);
  const shares = new Map<string, number>();
  for (const f of all) shares.set(packageOf(f), (shares.get(packageOf(f)) ?? 0) + f.selfShare);
  const packages = [...shares]
    .map(([name, share]) => ({ name, share }))
    .sort((a, b) => b.share - a.share);
  return { top: all.slice(0, limit), packages };
}

export async function profileUnderLoad(
  contender: Contender,
  load: {
    /** Names the kept file: <contender>-<name>.cpuprofile */
    readonly name: string;
    readonly what: string;
    run(r: Running): Promise<unknown>;
    readonly focus?: { readonly label: string; readonly packages: readonly string[] };
  },
  dir: string,
  keepDir: string,
): Promise<ProfileSummary> {
  await mkdir(dir, { recursive: true });
  const profDir = await mkdtemp(join(dir, `${contender.id}-`));
  const running = await contender.start({
    dir: join(profDir, 'data'),
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
  });
  try {
    await load.run(running);
  } finally {
    await running.stop(); // a clean exit writes the profile
  }
  const name = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
  if (!name) throw new Error(`${contender.id} wrote no CPU profile in ${profDir}`);
  const profile = JSON.parse(await readFile(join(profDir, name), 'utf8')) as Profile;
  await mkdir(keepDir, { recursive: true });
  const file = join(keepDir, `${contender.id}-${load.name}.cpuprofile`);
  await copyFile(join(profDir, name), file);
  const { top, packages } = summarizeProfile(profile);
  const focus = load.focus && {
    label: load.focus.label,
    share: packages
      .filter((p) => load.focus!.packages.includes(p.name))
      .reduce((a, p) => a + p.share, 0),
  };
  return {
    contenderId: contender.id,
    load: load.what,
    file,
    top,
    packages: packages.slice(0, 10),
    ...(focus ? { focus } : {}),
  };
}
