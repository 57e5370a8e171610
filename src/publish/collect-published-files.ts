import type { DiagnosticCode } from '../diagnostics/codes.js';
import { compareStrings, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { OutputFile } from '../site/output-file.js';
import type { RepoFiles } from '../load/source-file.js';
import type { Content } from '../model/types.js';
import {
  apkSitePath,
  isPublishableTomTomPath,
  releaseSitePath,
  tomtomPayloadRepoPath,
  tomtomPayloadSitePath,
} from '../site/site-paths.js';

/**
 * Which repository files (stand-in zips, APKs, TomTom payloads) the site
 * publishes, and where (the layout is src/site/site-paths.ts). Formats never
 * guess a payload's URL: they look the repository path up in
 * `RenderContext.published` (via `locationUrl`).
 */

export interface PublishedFiles {
  /** Repository path → site path (the first one, when a TomTom payload is published under several lists). */
  published: Map<string, string>;
  /** The copies, as streamed `source` files, sorted by site path. */
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

interface Candidate {
  repoPath: string;
  sitePath: string;
  /** Declared by the content (validated); read from the file when absent. */
  size?: number;
  sha256?: string;
  /** Where to report a problem. */
  file: string;
}

/**
 * Gathers every repository file the site publishes. I/O: every file is read
 * through `repo` (the tracked tree), which refuses anything that is not tracked
 * content; the copies name the verified file (links resolved) and, where the
 * tree vouches for it, its git blob, so what is published is what was checked.
 */
export async function collectPublishedFiles(
  content: Content,
  repo: RepoFiles,
): Promise<PublishedFiles> {
  const candidates: Candidate[] = [];
  for (const release of content.releases) {
    if (release.path === undefined || release.status === 'pulled') continue;
    candidates.push({
      repoPath: release.path,
      sitePath: releaseSitePath(release),
      size: release.size,
      sha256: release.sha256,
      file: release.file,
    });
  }
  for (const app of content.appVersions) {
    for (const version of app.versions) {
      if (version.path === undefined) continue;
      candidates.push({
        repoPath: version.path,
        sitePath: apkSitePath(version),
        size: version.size,
        sha256: version.sha256,
        file: app.file,
      });
    }
  }
  const diagnostics: Diagnostic[] = [];
  candidates.push(...(await tomtomCandidates(content, repo, diagnostics)));
  candidates.sort(
    (a, b) => compareStrings(a.sitePath, b.sitePath) || compareStrings(a.repoPath, b.repoPath),
  );

  const published = new Map<string, string>();
  const bySite = new Map<string, Candidate>();
  const files: OutputFile[] = [];
  for (const c of candidates) {
    const taken = bySite.get(c.sitePath);
    if (taken !== undefined) {
      if (taken.repoPath !== c.repoPath) {
        diagnostics.push(
          diagnostic(
            'GITOTA402',
            c.file,
            `${c.repoPath} and ${taken.repoPath} would both be published at ${c.sitePath}`,
            'give the files different names',
          ),
        );
      }
      continue;
    }
    bySite.set(c.sitePath, c);
    const refusal = await repo.refusal(c.repoPath);
    if (refusal !== undefined) {
      diagnostics.push(
        diagnostic(
          refusal.code,
          c.file,
          `${refusal.message}, so ${c.sitePath} is not published`,
          refusal.hint,
        ),
      );
      continue;
    }
    const found = await repo.file(c.repoPath);
    if (found === undefined) {
      diagnostics.push(
        diagnostic(
          'GITOTA400',
          c.file,
          `${c.repoPath} is not in the repository, so ${c.sitePath} cannot be published`,
          'add the file, or name it by url',
        ),
      );
      continue;
    }
    if (!published.has(c.repoPath)) published.set(c.repoPath, c.sitePath);
    // The declared hash is what the site signs; a held release keeps an older one, whose bytes publish finds by it.
    // Only when it is the tracked file's own does the copy name the tracked blob.
    const sha256 = c.sha256?.toLowerCase() ?? found.sha256;
    const own =
      sha256 === found.sha256 && (c.size ?? found.size) === found.size && found.blob !== undefined;
    files.push({
      path: c.sitePath,
      source: found.absolute,
      size: c.size ?? found.size,
      sha256,
      ...(own ? { blob: found.blob } : {}),
    });
  }
  return { published, files, diagnostics };
}

/** TomTom payloads: only those the repository holds; anything else stays where the list points. A refused path is reported. */
async function tomtomCandidates(
  content: Content,
  repo: RepoFiles,
  diagnostics: Diagnostic[],
): Promise<Candidate[]> {
  const lists = new Map(content.packageLists.map((l) => [l.name, l]));
  const out: Candidate[] = [];
  const reported = new Set<string>();
  for (const locations of content.updateLocations) {
    for (const entry of locations.uris ?? []) {
      const list = entry.list === undefined ? undefined : lists.get(entry.list);
      if (list === undefined) continue;
      for (const pkg of [...list.packages, ...(list.special_packages ?? [])]) {
        if (pkg.path === undefined || !isPublishableTomTomPath(pkg.path)) continue;
        const repoPath = tomtomPayloadRepoPath(list.name, pkg.path);
        const refusal = await repo.refusal(repoPath);
        if (refusal !== undefined) {
          if (!reported.has(repoPath))
            diagnostics.push(
              diagnostic(
                refusal.code,
                list.file,
                `${refusal.message}, so it is not published`,
                refusal.hint,
              ),
            );
          reported.add(repoPath);
          continue;
        }
        if ((await repo.size(repoPath)) === undefined) continue;
        out.push({
          repoPath,
          sitePath: tomtomPayloadSitePath(locations.name, pkg.path),
          file: list.file,
        });
      }
    }
  }
  return out;
}

function diagnostic(code: DiagnosticCode, file: string, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, file, line: 1, column: 1, hint };
}
