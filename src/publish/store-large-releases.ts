import { createRepoFiles } from '../load/create-repo-files.js';
import type { RepoFiles } from '../load/source-file.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Content, Release } from '../model/types.js';
import { ArtifactStoreError, PAGES_MAX_FILE_BYTES, type ArtifactStore } from './artifact-store.js';

/**
 * Release zips kept in the repository but too large for the Pages branch
 * (over `limits.external_artifact_bytes`, and always over 100 MB) go to the
 * artifact store (GitHub release assets in the Action, a directory for a CDN
 * sync): the release is then published as if it named the store's URL, so the
 * manifests and LineageOS files point there with its sha256 and size, and its
 * TUF target carries `custom.url` (src/tuf/external-targets.ts).
 */

export interface StoreLargeOptions {
  store: ArtifactStore;
  /** limits.external_artifact_bytes. */
  limit: number;
  /** sha256 → URL stored by an earlier publish (gitota-state.json): reused without uploading or hashing again. */
  known?: Readonly<Record<string, string>>;
  /** Where the zips are read from: the tracked tree's files (default: what git would track at `content.root`). */
  files?: RepoFiles;
}

export interface StoredReleases {
  /** The content with each stored release named by its URL instead of its repository path. */
  content: Content;
  /** sha256 → URL of every release zip that now lives in the store, for the next publish. */
  stored: Record<string, string>;
  diagnostics: Diagnostic[];
}

/** The store's name for a zip: content-addressed, so one name never means two files. */
export function storedArtifactName(release: Pick<Release, 'sha256' | 'filename'>): string {
  return `${release.sha256.toLowerCase()}.${release.filename}`;
}

export async function storeLargeReleases(
  content: Content,
  options: StoreLargeOptions,
): Promise<StoredReleases> {
  const limit = Math.min(options.limit, PAGES_MAX_FILE_BYTES);
  const stored: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  const releases: Release[] = [];
  let files = options.files;
  for (const release of content.releases) {
    if (release.path === undefined || release.status === 'pulled' || release.size <= limit) {
      releases.push(release);
      continue;
    }
    const sha256 = release.sha256.toLowerCase();
    let url = options.known?.[sha256];
    if (url === undefined) {
      files ??= createRepoFiles(content.root);
      const refusal = await files.refusal(release.path);
      const found = refusal === undefined ? await files.file(release.path) : undefined;
      if (found === undefined) {
        // Validation says this first, at its line; a publish that was not validated still uploads nothing untracked.
        const why = refusal?.message ?? `${release.path} is not in the repository`;
        diagnostics.push({
          code: refusal?.code ?? 'GITOTA400',
          severity: 'error',
          message: `${why}, so it is not uploaded`,
          file: release.file,
          line: 1,
          column: 1,
          hint: refusal?.hint ?? 'add the file, or name it by url',
        });
        releases.push(release);
        continue;
      }
      try {
        url = await options.store.upload(
          storedArtifactName(release),
          found.absolute,
          sha256,
          release.size,
        );
      } catch (error) {
        if (!(error instanceof ArtifactStoreError)) throw error;
        diagnostics.push({
          code: 'GITOTA504',
          severity: 'error',
          message: `${release.path} is over ${limit} bytes, so it goes to the artifact store, which refused it: ${error.message}`,
          file: release.file,
          line: 1,
          column: 1,
          hint: "declare the file's real size and sha256 (sha256sum, stat -c %s)",
        });
        releases.push(release);
        continue;
      }
    }
    stored[sha256] = url;
    const { path: _path, ...rest } = release;
    releases.push({ ...rest, url });
  }
  return { content: { ...content, releases }, stored, diagnostics };
}
