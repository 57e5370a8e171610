import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared corpora (read-only, beside the project in CI and on developer
 * machines): $GITOTA_SHARED, else ../shared next to the project, else /work/shared.
 */
export const SHARED_DIR: string =
  [process.env.GITOTA_SHARED, join(PROJECT_ROOT, '../shared'), '/work/shared'].find(
    (dir): dir is string => dir !== undefined && existsSync(join(dir, 'corpus')),
  ) ?? join(PROJECT_ROOT, '../shared');

export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const FDROID_METADATA_DIR = join(CORPUS_DIR, 'fdroiddata/metadata');
