/**
 * The crocodile-api image that `nx run crocodile-api:docker-build` built for this commit, as its
 * record in dist/images says (libs/workspace's image record). Read when asked, so a spec that
 * rebuilds sees the new record.
 */
import { imageRecordPath, readImageRecord } from '@loadlab/workspace';

export const IMAGE_RECORD = imageRecordPath('crocodile-api');
export const NO_IMAGE = `no image recorded in ${IMAGE_RECORD}: run npx nx run crocodile-api:docker-build`;

/** The local reference (`localhost/crocodile-api:<sha>`), or undefined when nothing was built. */
export function builtImage(): string | undefined {
  return readImageRecord('crocodile-api').local;
}
