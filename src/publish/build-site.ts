import { compareStrings, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { EMPTY_SITE, type PreviousSite } from '../site/previous-site.js';
import type { Format, FormatSigners, RenderContext } from '../formats/format.js';
import type { OutputFile } from '../site/output-file.js';
import { FORMATS } from '../formats/index.js';
import { createRepoFiles } from '../load/create-repo-files.js';
import type { RepoFiles } from '../load/source-file.js';
import type { KeyRing } from '../model/keys.js';
import type { Content } from '../model/types.js';
import { collectPublishedFiles } from './collect-published-files.js';
import { signRenderedSite } from '../tuf/sign-rendered-site.js';
import { signersOf, type SiteSigners } from '../tuf/site-signers.js';
import { preparePacks, SITE_PACK_MTIME, type PreparedPack } from '../packs/prepare-packs.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { TrackedContentError, type Refusal } from '../git/refusal.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import { TRUST_DIR } from '../tuf/layout.js';
import { join } from 'node:path';
import { readApkFacts } from '../fdroid/apk/read-apk-facts.js';
import { describeFdroidRepo } from '../formats/fdroid.js';
import { renderPublishedIndex } from '../load/content-index.js';
import { CONTENT_INDEX_PATH } from '../site/content-index-path.js';
import type { ValidatedIndex } from '../validate/validate-content.js';
import type { DownloadVerified } from './download-verified.js';
import { fetchExternalApks, withDownloads } from './external-apks.js';

/**
 * The site pipeline: (validated content) → published repository files →
 * every format → sign → the site as a sorted list of OutputFiles. Nothing here
 * writes the site; `writeSite` (a directory) and the Pages publisher do.
 */

/** Adds signatures and metadata: given the whole site, returns the whole signed site. */
export type SignSite = (
  site: readonly OutputFile[],
  content: Content,
  ctx: RenderContext,
  signers: SiteSigners,
) => OutputFile[] | Promise<OutputFile[]>;

/** What load + validate returns: content only when there is no error. */
export interface ValidatedRepository {
  content?: Content;
  diagnostics: Diagnostic[];
  /** The tracked tree that was validated: the build reads through the same one. */
  tree?: TrackedTree;
  /** The content index of that tree, published with the site (src/load/content-index.ts). */
  contentIndex?: ValidatedIndex;
}

export type LoadValidated = (
  root: string,
  options: { now: number },
) => Promise<ValidatedRepository>;

export interface RenderOptions {
  /** Absolute URL the site is served from; defaults to `site.base_url`. Normalised to end in `/`. */
  baseUrl?: string;
  /** Unix seconds (SOURCE_DATE_EPOCH or now): the only clock the formats see. */
  now: number;
  /** Parsed keys: each is handed on only as the signer of its one role (src/tuf/site-signers.ts). */
  keys: KeyRing;
  previous?: PreviousSite;
  /** `https://github.com/OWNER/REPO/releases/download/`, for releases stored as release assets. */
  releaseAssetBaseUrl?: string;
  /** Defaults to every registered format. */
  formats?: readonly Format[];
  /** Defaults to TUF metadata and format signatures (src/tuf/sign-rendered-site.ts). */
  sign?: SignSite;
  /**
   * The tracked tree every payload, APK, pack and trust/ file is read through
   * (src/git/tracked-tree.ts). Default: what git would track at `content.root`.
   * A build never relies on validation having run: it refuses untracked content itself.
   */
  tree?: TrackedTree;
  /** Defaults to the files of `tree`. */
  repoFiles?: RepoFiles;
  /** Where built Legato packs are cached by the hash of their inputs; default `<repo>/.gitota/cache/packs`. */
  packCacheDir?: string;
  /**
   * Downloads APKs named by `url:`/`asset:` into `.gitota/cache/apks/` so the
   * F-Droid repository carries them (createVerifiedDownloader). Absent = offline:
   * versions not already cached are left out of the index, with a warning.
   */
  downloadApk?: DownloadVerified;
  /**
   * The content index of the validated commit (ValidationResult.contentIndex):
   * the site carries it at CONTENT_INDEX_PATH, a TUF target like the rest, so a
   * pull request's run checks only the files that differ from this commit.
   * Absent: the site carries none, and such a run validates every file.
   */
  contentIndex?: ValidatedIndex;
}

export interface BuildSiteResult {
  /** False when there were errors; `files` is then empty. */
  ok: boolean;
  /** Sorted by path (byte order). */
  files: OutputFile[];
  diagnostics: Diagnostic[];
  content?: Content;
  /** The F-Droid repository's certificate fingerprint and the address to add in the F-Droid app, when the site has apps. */
  fdroidRepo?: { fingerprint: string; address: string };
}

/** Two formats (or a format and a published file) claimed one path: a bug in gitota, not the user's mistake. */
export class SitePathConflictError extends Error {
  override name = 'SitePathConflictError';
  readonly code = 'SITE_PATH_CONFLICT';
  constructor(
    readonly path: string,
    readonly owners: [string, string],
  ) {
    super(`site path ${path} is written by both ${owners[0]} and ${owners[1]}`);
  }
}

/** load → validate → render → sign. Refuses (ok: false, no files) when validation finds errors. */
export async function buildSite(
  root: string,
  load: LoadValidated,
  options: RenderOptions,
): Promise<BuildSiteResult> {
  const validated = await load(root, { now: options.now });
  if (validated.content === undefined || hasErrors(validated.diagnostics)) {
    return { ok: false, files: [], diagnostics: validated.diagnostics };
  }
  const tree = options.tree ?? validated.tree;
  const built = await buildSiteFromContent(validated.content, {
    ...options,
    ...(tree !== undefined ? { tree } : {}),
    ...(options.contentIndex === undefined && validated.contentIndex !== undefined
      ? { contentIndex: validated.contentIndex }
      : {}),
  });
  return { ...built, diagnostics: [...validated.diagnostics, ...built.diagnostics] };
}

/** The site of already validated content. */
export async function buildSiteFromContent(
  validated: Content,
  options: RenderOptions,
): Promise<BuildSiteResult> {
  const assetBase = releaseAssetBase(options.releaseAssetBaseUrl, validated);
  const missing = missingAssetUrls(validated, assetBase.releaseAssetBaseUrl);
  const external = await fetchExternalApks(validated, {
    ...assetBase,
    ...(options.downloadApk ? { download: options.downloadApk } : {}),
  });
  const content = external.content;
  const tree = options.tree ?? (await openTrackedTree(content.root));
  const repo = withDownloads(options.repoFiles ?? createRepoFiles(tree), external.downloads);
  const collected = await collectPublishedFiles(content, repo);
  const apks = await readApkFacts(content, repo);
  const packs =
    content.packs.length === 0
      ? { packs: [], diagnostics: [] }
      : await preparePacks(content, {
          now: SITE_PACK_MTIME,
          cacheDir: options.packCacheDir ?? join(content.root, '.gitota', 'cache', 'packs'),
          tree,
        });
  const signers = signersOf(options.keys);
  const ctx: RenderContext = {
    baseUrl: normaliseBaseUrl(options.baseUrl ?? content.config.site.base_url),
    now: options.now,
    published: collected.published,
    fdroidCertificate: signers.fdroid.certificate,
    previous: options.previous ?? EMPTY_SITE,
    packs: packs.packs,
    apkFacts: apks.facts,
    tree,
    ...assetBase,
  };
  const diagnostics = [
    ...missing,
    ...external.diagnostics,
    ...collected.diagnostics,
    ...apks.diagnostics,
    ...packs.diagnostics,
  ];
  if (hasErrors(diagnostics)) return { ok: false, files: [], diagnostics, content };

  const rendered = renderSite(content, ctx, options.formats ?? FORMATS, signers, [
    ...collected.files,
    ...publishedIndexFile(options.contentIndex),
  ]);
  let signed: OutputFile[];
  try {
    signed = await (options.sign ?? signRenderedSite)(rendered, content, ctx, signers);
  } catch (error) {
    // trust/ is read through the tracked tree too: a refused file there is the content's mistake, said as a finding.
    if (!(error instanceof TrackedContentError)) throw error;
    return {
      ok: false,
      files: [],
      diagnostics: [...diagnostics, refusedDiagnostic(TRUST_DIR, error.refusal)],
      content,
    };
  }
  const files = sortByPath(checkUnique(signed.map((f) => ({ file: f, owner: 'signing' }))));
  return {
    ok: true,
    files,
    diagnostics,
    content,
    ...(content.apps.length > 0 ? { fdroidRepo: describeFdroidRepo(ctx) } : {}),
  };
}

/** The site's copy of the content index, when there is one. */
function publishedIndexFile(index: ValidatedIndex | undefined): OutputFile[] {
  if (index === undefined) return [];
  const text = renderPublishedIndex(index.fingerprint, index.entries);
  return [{ path: CONTENT_INDEX_PATH, bytes: new TextEncoder().encode(text) }];
}

function refusedDiagnostic(file: string, refusal: Refusal): Diagnostic {
  return {
    code: refusal.code,
    severity: 'error',
    message: refusal.message,
    file,
    line: 1,
    column: 1,
    hint: refusal.hint,
  };
}

/**
 * Pure: every format's files plus the published copies, sorted, each path once.
 * A format is given the one signer it names, and no other.
 */
export function renderSite(
  content: Content,
  ctx: RenderContext,
  formats: readonly Format[],
  signers: FormatSigners,
  published: readonly OutputFile[] = [],
): OutputFile[] {
  const owned = published.map((file) => ({ file, owner: 'published repository files' }));
  for (const format of formats) {
    const files =
      format.signer === undefined
        ? format.render(content, ctx)
        : format.render(content, ctx, signers[format.signer]);
    for (const file of files) owned.push({ file, owner: `format ${format.id}` });
  }
  return sortByPath(checkUnique(owned));
}

function checkUnique(files: ReadonlyArray<{ file: OutputFile; owner: string }>): OutputFile[] {
  const seen = new Map<string, string>();
  for (const { file, owner } of files) {
    const before = seen.get(file.path);
    if (before !== undefined) throw new SitePathConflictError(file.path, [before, owner]);
    seen.set(file.path, owner);
  }
  return files.map((f) => f.file);
}

function sortByPath(files: OutputFile[]): OutputFile[] {
  return [...files].sort((a, b) => compareStrings(a.path, b.path));
}

/** `--github-repository` / GITHUB_REPOSITORY first, then `site.github_repository` of gitota.yaml. */
function releaseAssetBase(
  explicit: string | undefined,
  content: Content,
): { releaseAssetBaseUrl?: string } {
  const repository = content.config.site.github_repository;
  if (explicit !== undefined) return { releaseAssetBaseUrl: explicit };
  return repository === undefined
    ? {}
    : { releaseAssetBaseUrl: `https://github.com/${repository}/releases/download/` };
}

export function normaliseBaseUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A release or APK stored as a GitHub release asset needs the repository's download URL. */
function missingAssetUrls(content: Content, releaseAssetBaseUrl: string | undefined): Diagnostic[] {
  if (releaseAssetBaseUrl !== undefined) return [];
  const files = [
    ...content.releases
      .filter((r) => r.asset !== undefined && r.status !== 'pulled')
      .map((r) => r.file),
    ...content.appVersions
      .filter((a) => a.versions.some((v) => v.asset !== undefined))
      .map((a) => a.file),
  ];
  return files.map((file) => ({
    code: 'GITOTA401',
    severity: 'error' as const,
    message: 'this names a GitHub release asset, but the repository it belongs to is unknown',
    file,
    line: 1,
    column: 1,
    hint: 'set site.github_repository in gitota.yaml, run in GitHub Actions (GITHUB_REPOSITORY), or pass --github-repository OWNER/REPO',
  }));
}
