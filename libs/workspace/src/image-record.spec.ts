import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { imageRecordPath, readImageRecord, updateImageRecord } from './image-record.ts';

describe('image record', () => {
  it('is {} before a build, merges each update, and names a broken record with the fix', async () => {
    const root = await mkdtemp(join(tmpdir(), 'image-record-'));
    try {
      assert.deepEqual(readImageRecord('api', root), {});
      await updateImageRecord('api', { local: 'localhost/api:1' }, root);
      await updateImageRecord('api', { pushed: 'r/api:1' }, root);
      assert.deepEqual(readImageRecord('api', root), {
        local: 'localhost/api:1',
        pushed: 'r/api:1',
      });
      await mkdir(join(root, 'dist/images'), { recursive: true });
      await writeFile(imageRecordPath('api', root), '{ half');
      assert.throws(
        () => readImageRecord('api', root),
        /dist\/images\/api\.json is not JSON .*: run npx nx run api:docker-build/,
      );
      // A build replaces a broken record rather than failing on it.
      await updateImageRecord('api', { local: 'localhost/api:2' }, root);
      assert.deepEqual(readImageRecord('api', root), { local: 'localhost/api:2' });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
