import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineageContent } from '../fixtures/formats/lineage/content.js';
import type { Content, Release } from '../../src/model/types.js';

export const A1_BYTES = 'hello world';

export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A temp repository holding the lineage fixture's one in-repository zip, and its Content. */
export async function makeSiteRepo(): Promise<{ root: string; content: Content }> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-site-'));
  await mkdir(join(root, 'files/alpha'), { recursive: true });
  await writeFile(join(root, 'files/alpha/a1.zip'), A1_BYTES);
  const content = lineageContent(root);
  content.releases = content.releases.map((r) =>
    r.id === 'a1' ? { ...r, sha256: sha256Of(A1_BYTES), size: A1_BYTES.length } : r,
  );
  return { root, content };
}

/** Adds one release whose zip is in the repository. */
export async function addRelease(
  root: string,
  content: Content,
  release: Release,
  bytes: string,
): Promise<Content> {
  if (release.path !== undefined) {
    await mkdir(join(root, release.path, '..'), { recursive: true });
    await writeFile(join(root, release.path), bytes);
  }
  return {
    ...content,
    releases: [...content.releases, { ...release, sha256: sha256Of(bytes), size: bytes.length }],
  };
}
