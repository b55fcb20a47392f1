/**
 * What the image targets built, pushed or loaded, in dist/images/<name>.json: tools' image CLI
 * writes it, and the deploy target, the cluster demo and the e2e fixtures read the reference
 * from it, so manifests run exactly the image built.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WORKSPACE_ROOT } from './workspace-root.ts';

export interface ImageRecord {
  /** Built locally by docker-build. */
  local?: string;
  /** Pushed by docker-push (the sha tag). */
  pushed?: string;
  /** Loaded into minikube by minikube-load. */
  minikube?: string;
  engine?: string;
}

export const imageRecordPath = (name: string, root = WORKSPACE_ROOT) =>
  join(root, 'dist/images', `${name}.json`);

/** The record, or {} when nothing was built; a record that is not JSON names itself and the fix. */
export function readImageRecord(name: string, root = WORKSPACE_ROOT): ImageRecord {
  const file = imageRecordPath(name, root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as ImageRecord;
  } catch (err) {
    throw new Error(
      `${file} is not JSON (${(err as Error).message}): run npx nx run ${name}:docker-build`,
    );
  }
}

export async function updateImageRecord(
  name: string,
  patch: ImageRecord,
  root = WORKSPACE_ROOT,
): Promise<void> {
  const file = imageRecordPath(name, root);
  await mkdir(dirname(file), { recursive: true });
  let current: ImageRecord = {};
  try {
    current = readImageRecord(name, root);
  } catch {
    // A broken record is replaced by what was just built.
  }
  await writeFile(file, `${JSON.stringify({ ...current, ...patch }, null, 2)}\n`);
}
