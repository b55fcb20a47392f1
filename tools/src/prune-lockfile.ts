/**
 * Cuts the workspace's package-lock.json down to what one bundled app needs in
 * production, so its image runs `npm ci --omit=dev` and gets exactly the tested tree.
 */
import { posix } from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  [field: string]: unknown;
}
export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Node's lookup, on lockfile keys: `<dir>/node_modules/<name>`, then each parent dir. */
function locate(lock: Lockfile, name: string, from: string): string | undefined {
  for (let dir = from; ; dir = posix.dirname(dir)) {
    const key = dir === '.' || dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (dir === '.' || dir === '') return undefined;
  }
}

export function pruneLockfile(
  lock: Lockfile,
  app: { name: string; version: string; dependencies: Record<string, string> },
  /** The lockfile key of each direct dependency as installed (e.g. node_modules/express). */
  directKeys: Record<string, string>,
): Lockfile {
  if (lock.lockfileVersion < 2)
    throw new Error(
      `lockfileVersion ${lock.lockfileVersion} is too old; run npm install with npm 7+`,
    );
  const keep = new Set<string>();
  const queue = Object.entries(directKeys).map(([name, key]) => {
    if (!lock.packages[key])
      throw new Error(`${name} is not in package-lock.json at ${key}; run npm install`);
    return key;
  });
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (keep.has(key)) continue;
    keep.add(key);
    const entry = lock.packages[key]!;
    const required = {
      ...entry.dependencies,
      ...Object.fromEntries(
        Object.entries(entry.peerDependencies ?? {}).filter(
          ([n]) => !entry.peerDependenciesMeta?.[n]?.optional,
        ),
      ),
    };
    for (const name of Object.keys(required)) {
      const found = locate(lock, name, key);
      if (!found) throw new Error(`${key} needs ${name}, which package-lock.json does not have`);
      queue.push(found);
    }
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      const found = locate(lock, name, key);
      if (found) queue.push(found);
    }
  }

  const packages: Record<string, LockEntry> = {
    '': { name: app.name, version: app.version, dependencies: app.dependencies },
  };
  for (const key of [...keep].sort()) {
    // A package installed under a workspace's own node_modules moves to the app's root.
    const target = key.slice(key.indexOf('node_modules/'));
    // Dev/peer flags describe the workspace's tree, not the app's production one.
    const entry = { ...lock.packages[key]! };
    for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
    const clash = packages[target];
    if (clash && clash.version !== entry.version) {
      throw new Error(
        `${target} is needed at ${clash.version} and ${entry.version}; dedupe the workspace (npm dedupe)`,
      );
    }
    packages[target] = entry;
  }
  return { name: app.name, version: app.version, lockfileVersion: 3, packages };
}
