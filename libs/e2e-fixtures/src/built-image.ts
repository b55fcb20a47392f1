/**
 * The crocodile-api image that `nx run crocodile-api:docker-build` built for this commit, as its
 * record in dist/images says (tools/src/image/image-record.ts writes it; production readers keep
 * their own). Read when asked, so a spec that rebuilds sees the new record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@loadlab/workspace';

export const IMAGE_RECORD = join(WORKSPACE_ROOT, 'dist/images/crocodile-api.json');
export const NO_IMAGE = `no image recorded in ${IMAGE_RECORD}: run npx nx run crocodile-api:docker-build`;

/** The local reference (`localhost/crocodile-api:<sha>`), or undefined when nothing was built. */
export function builtImage(): string | undefined {
  let text: string;
  try {
    text = readFileSync(IMAGE_RECORD, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return (JSON.parse(text) as { local?: string }).local;
  } catch (err) {
    throw new Error(
      `${IMAGE_RECORD} is not JSON (${(err as Error).message}): run npx nx run crocodile-api:docker-build`,
    );
  }
}
