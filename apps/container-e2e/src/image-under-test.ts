/** The image that `nx run crocodile-api:docker-build` built for this commit (its record in dist/images). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export function builtImage(): string {
  const file = join(WORKSPACE_ROOT, 'dist/images/crocodile-api.json');
  let local: string | undefined;
  try {
    local = (JSON.parse(readFileSync(file, 'utf8')) as { local?: string }).local;
  } catch {
    // reported below
  }
  if (!local)
    throw new Error(`no image recorded in ${file}: run nx run crocodile-api:docker-build`);
  return local;
}
