import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArtifactStoreError, type ArtifactStore } from '../publish/artifact-store.js';
import type { GitHubApi, GitHubRelease } from './github-api.js';

/**
 * ArtifactStore over GitHub release assets: artifacts too large for the Pages
 * branch are attached to one release (by default tag `gitota-artifacts`) and
 * served from its download URL. Streams: the file is hashed, checked, then
 * uploaded from disk, never held in memory. An asset already there with the
 * same size and digest is reused, so re-runs upload nothing.
 */

export const DEFAULT_ARTIFACT_TAG = 'gitota-artifacts';

export function createReleaseAssetStore(api: GitHubApi, tag = DEFAULT_ARTIFACT_TAG): ArtifactStore {
  let release: Promise<GitHubRelease> | undefined;
  const ensureRelease = () =>
    (release ??= (async () =>
      (await api.releaseByTag(tag)) ??
      (await api.createRelease(tag, {
        name: 'gitota artifacts',
        body: 'Large artifacts of the update site, published by gitota. Do not edit: the site points here by sha256.',
      })))());

  return {
    async upload(name, path, sha256, size) {
      if (name === '' || name.includes('/') || name === '.' || name === '..')
        throw new ArtifactStoreError(
          `artifact name ${JSON.stringify(name)} is not a plain file name`,
        );
      const actual = await hashFile(path);
      if (actual.size !== size || actual.sha256 !== sha256)
        throw new ArtifactStoreError(
          `${path} is ${actual.size} bytes with sha256 ${actual.sha256}; expected ${size} bytes, ${sha256}`,
        );
      const target = await ensureRelease();
      const existing = target.assets.find((a) => a.name === name);
      if (existing !== undefined) {
        if (
          existing.size === size &&
          (existing.digest === undefined || existing.digest === `sha256:${sha256}`)
        )
          return existing.downloadUrl;
        throw new ArtifactStoreError(
          `release ${tag} already has an asset ${name} with other content (${existing.size} bytes, ${existing.digest ?? 'no digest'})`,
        );
      }
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      const asset = await api.uploadReleaseAsset(target, name, body, size);
      target.assets.push(asset);
      return asset.downloadUrl;
    },
  };
}

async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const digest = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(path), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      size += chunk.length;
      digest.update(chunk);
    }
  });
  return { size, sha256: digest.digest('hex') };
}
