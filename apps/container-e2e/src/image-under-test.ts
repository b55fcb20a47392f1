/** The image that `nx run crocodile-api:docker-build` built for this commit (e2e-fixtures reads its record). */
import { builtImage as recorded, NO_IMAGE } from '@loadlab/e2e-fixtures';

export function builtImage(): string {
  const local = recorded();
  if (!local) throw new Error(NO_IMAGE);
  return local;
}
