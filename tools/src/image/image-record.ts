/**
 * What the image targets built, pushed or loaded, in dist/images/<name>.json. The deploy
 * target reads the image reference from here, so manifests run exactly the image built.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface ImageRecord {
  /** Built locally by docker-build. */
  local?: string;
  /** Pushed by docker-push (the sha tag). */
  pushed?: string;
  /** Loaded into minikube by minikube-load. */
  minikube?: string;
  engine?: string;
}

export const recordPath = (root: string, name: string) => join(root, 'dist/images', `${name}.json`);

export async function readRecord(root: string, name: string): Promise<ImageRecord> {
  try {
    return JSON.parse(await readFile(recordPath(root, name), 'utf8')) as ImageRecord;
  } catch {
    return {};
  }
}

export async function updateRecord(root: string, name: string, patch: ImageRecord): Promise<void> {
  const file = recordPath(root, name);
  await mkdir(dirname(file), { recursive: true });
  const next = { ...(await readRecord(root, name)), ...patch };
  await writeFile(file, `${JSON.stringify(next, null, 2)}\n`);
}
