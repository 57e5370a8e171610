import { createHash } from 'node:crypto';
import { highestManifestVersion, fetchRealName, type AppIdentity } from './android-versions.js';
import { AppCheckFailure } from './app-update-error.js';
import { withFetchArea, type CheckContext } from './check-context.js';
import { listRemoteRefs, type FetchArea, type RemoteRefs } from './git-upstream.js';
import { hostOf } from './host-limiter.js';
import {
  compilePythonPattern,
  firstGroup,
  pythonMatch,
  pythonSearch,
  PatternError,
  type PythonPattern,
} from './python-regex.js';
import { isFetchableUrl, parseUpdateCheckData, type UpdateCheckData } from './update-check-data.js';
import type { UpdateCheckMode } from './update-check-mode.js';
import type { UpstreamTree } from './upstream-tree.js';
import { parseVersionCode } from './version-code.js';

/**
 * The newest upstream version of an app, found as `fdroid checkupdates` finds
 * it for each UpdateCheckMode: the five newest tags (by commit date, those the
 * pattern matches) read for their version, the branch head's manifest, or an
 * HTTP page matched with UpdateCheckData's regexes. Also the app's label at
 * the version found (AutoName), read from the same tree.
 */

export interface FoundVersion {
  version: string;
  vercode: number;
  /** Tags mode: the tag holding the version; RepoManifest/branch: the branch. */
  tag?: string;
  /** The commit of `tag` (or of the branch head), when known. */
  commit?: string;
  /** The application label at that commit; undefined when not read. */
  autoName?: string;
  /** RepoManifest: the branch head read. */
  headCommit?: string;
  /** The upstream's refs, when they were listed (AutoUpdateMode resolves commits with them). */
  refs?: RemoteRefs;
}

export interface AppSource {
  id: string;
  metadata: Readonly<Record<string, unknown>>;
  identity: AppIdentity;
}

const TAGS_LOOKED_AT = 5;

function compile(text: string, field: string): PythonPattern {
  try {
    return compilePythonPattern(text);
  } catch (error) {
    if (error instanceof PatternError)
      throw new AppCheckFailure(
        'GITOTA604',
        `${field} pattern ${JSON.stringify(text)}: ${error.message}`,
        field,
      );
    throw error;
  }
}

function code(text: string, where: string): number {
  const value = parseVersionCode(text);
  if (value === undefined)
    throw new AppCheckFailure(
      'GITOTA606',
      `${where}: version code ${JSON.stringify(text)} is not a whole number`,
      'UpdateCheckMode',
    );
  return value;
}

function repoUrl(app: AppSource): string {
  const { RepoType: type, Repo: repo } = app.metadata;
  if (type !== 'git')
    throw new AppCheckFailure(
      'GITOTA602',
      `this UpdateCheckMode reads a git repository; RepoType is ${JSON.stringify(type ?? null)}`,
      'RepoType',
    );
  if (typeof repo !== 'string' || repo === '')
    throw new AppCheckFailure('GITOTA602', 'Repo names no repository', 'Repo');
  return repo;
}

async function refsOf(ctx: CheckContext, url: string): Promise<RemoteRefs> {
  return ctx.limiter.run(hostOf(url), () => listRemoteRefs(url, ctx.git));
}

async function fetchTree(
  ctx: CheckContext,
  area: FetchArea,
  url: string,
  ref: string,
  commit: string,
): Promise<UpstreamTree> {
  await ctx.limiter.run(hostOf(url), () => area.fetchRefs(url, [ref]));
  return area.tree(commit);
}

/** A settings fingerprint for the per-commit cache: the same commit read the same way gives the same answer. */
function readingKey(app: AppSource, commit: string): string {
  const { UpdateCheckData: data, UpdateCheckName: name, UpdateCheckIgnore: ignore } = app.metadata;
  const settings = JSON.stringify([
    app.id,
    data ?? null,
    name ?? null,
    ignore ?? null,
    app.identity.flavours,
  ]);
  return `${commit} ${createHash('sha256').update(settings).digest('hex').slice(0, 16)}`;
}

/** One tag's version as check_tags reads it, or undefined when the tag gives none. */
async function versionInTag(
  tree: UpstreamTree,
  tag: string,
  app: AppSource,
  data: UpdateCheckData | undefined,
): Promise<{ version: string; vercode: number } | undefined> {
  if (data === undefined) {
    const found = await highestManifestVersion(tree, app.identity);
    if (found?.vercode === undefined) return undefined;
    const version = found.version === 'Unknown' || found.version === 'Ignore' ? tag : found.version;
    return { version, vercode: found.vercode };
  }
  let content = tag;
  if (data.codeSource !== '') {
    const text = await tree.read(data.codeSource);
    if (text === undefined) return undefined;
    content = text;
  }
  let vercodeText = tag;
  if (data.codePattern !== '') {
    const m = pythonSearch(compile(data.codePattern, 'UpdateCheckData'), content);
    if (m === null) return undefined;
    vercodeText = firstGroup(m, 'UpdateCheckData version code').trim();
  }
  if (data.nameSource === '') content = tag;
  else if (data.nameSource !== '.') content = (await tree.read(data.nameSource)) ?? content;
  let version = tag;
  if (data.namePattern !== '') {
    const m = pythonSearch(compile(data.namePattern, 'UpdateCheckData'), content);
    if (m === null) return undefined;
    version = firstGroup(m, 'UpdateCheckData version name');
  }
  return { version, vercode: code(vercodeText, `tag ${tag}`) };
}

async function checkTags(
  ctx: CheckContext,
  app: AppSource,
  pattern: string | undefined,
): Promise<FoundVersion> {
  const url = repoUrl(app);
  const data = app.metadata.UpdateCheckData === undefined ? undefined : parsedData(app);
  const refs = await refsOf(ctx, url);
  let tags = [...refs.tags.keys()];
  if (tags.length === 0)
    throw new AppCheckFailure('GITOTA605', `${url} has no tags`, 'UpdateCheckMode');
  if (pattern !== undefined) {
    const compiled = compile(pattern, 'UpdateCheckMode');
    tags = tags.filter((t) => pythonMatch(compiled, t) !== null);
    if (tags.length === 0)
      throw new AppCheckFailure(
        'GITOTA605',
        `no tag of ${url} matches ${JSON.stringify(pattern)}`,
        'UpdateCheckMode',
      );
  }
  if (tags.length > ctx.limits.maxTags)
    throw new AppCheckFailure(
      'GITOTA611',
      `${url} has ${tags.length} matching tags; at most ${ctx.limits.maxTags} are ordered`,
      'UpdateCheckMode',
      'narrow the tag pattern of UpdateCheckMode',
    );
  // latesttags: newest commit first (ties keep refname order), then the five newest. Commits only here: a
  // fetch area of its own, so the trees fetched below are not taken for already present.
  const times = await withFetchArea(ctx, async (area) => {
    await ctx.limiter.run(hostOf(url), () =>
      area.fetchRefs(
        url,
        tags.map((t) => `refs/tags/${t}`),
        { commitsOnly: true },
      ),
    );
    return area.commitTimes([...new Set(tags.map((t) => refs.tags.get(t)!))]);
  });
  const ordered = tags
    .map((t, i) => ({ t, i, time: times.get(refs.tags.get(t)!) ?? 0 }))
    .sort((a, b) => b.time - a.time || a.i - b.i)
    .map((x) => x.t);
  return withFetchArea(ctx, async (area) => {
    let best: { version: string; vercode: number; tag: string } | undefined;
    for (const tag of ordered.slice(0, TAGS_LOOKED_AT)) {
      const commit = refs.tags.get(tag)!;
      const key = readingKey(app, commit);
      let read: { version: string; vercode: number } | null | undefined;
      const cached = ctx.cache.data.commits[key];
      if (cached !== undefined)
        read = JSON.parse(cached) as { version: string; vercode: number } | null;
      else {
        read =
          (await versionInTag(
            await fetchTree(ctx, area, url, `refs/tags/${tag}`, commit),
            tag,
            app,
            data,
          )) ?? null;
        ctx.cache.data.commits[key] = JSON.stringify(read);
      }
      if (read && read.vercode > (best?.vercode ?? 0)) best = { ...read, tag };
    }
    if (best === undefined)
      throw new AppCheckFailure(
        'GITOTA605',
        `none of the newest tags of ${url} (${ordered.slice(0, TAGS_LOOKED_AT).join(', ')}) gives a version`,
        'UpdateCheckMode',
        data
          ? 'check UpdateCheckData against the files of those tags'
          : 'no AndroidManifest.xml or build.gradle there names the app and a versionCode',
      );
    const commit = refs.tags.get(best.tag)!;
    const autoName = await autoNameAt(ctx, area, app, url, `refs/tags/${best.tag}`, commit);
    return {
      version: best.version,
      vercode: best.vercode,
      tag: best.tag,
      commit,
      refs,
      ...(autoName !== undefined ? { autoName } : {}),
    };
  });
}

async function autoNameAt(
  ctx: CheckContext,
  area: FetchArea,
  app: AppSource,
  url: string,
  ref: string,
  commit: string,
): Promise<string | undefined> {
  if (app.metadata.UpdateCheckName === 'Ignore') return undefined;
  const key = `label ${readingKey(app, commit)}`;
  let name = ctx.cache.data.commits[key];
  if (name === undefined) {
    name = (await fetchRealName(await fetchTree(ctx, area, url, ref, commit), app.identity)) ?? '';
    ctx.cache.data.commits[key] = name;
  }
  return name === '' ? undefined : name;
}

function branchHead(
  refs: RemoteRefs,
  url: string,
  branch: string | undefined,
): { branch: string; commit: string } {
  const name = branch ?? refs.head ?? (refs.branches.has('master') ? 'master' : 'main');
  const commit = refs.branches.get(name);
  if (commit === undefined)
    throw new AppCheckFailure('GITOTA605', `${url} has no branch ${name}`, 'UpdateCheckMode');
  return { branch: name, commit };
}

async function checkRepoManifest(
  ctx: CheckContext,
  app: AppSource,
  branch: string | undefined,
): Promise<FoundVersion> {
  const url = repoUrl(app);
  const refs = await refsOf(ctx, url);
  const head = branchHead(refs, url, branch);
  return withFetchArea(ctx, async (area) => {
    const tree = await fetchTree(ctx, area, url, `refs/heads/${head.branch}`, head.commit);
    const found = await highestManifestVersion(tree, app.identity);
    if (found?.package === undefined)
      throw new AppCheckFailure(
        'GITOTA605',
        `no manifest on ${head.branch} of ${url} names the package ${app.identity.updateCheckName ?? app.id}`,
        'UpdateCheckMode',
      );
    if (found.vercode === undefined)
      throw new AppCheckFailure(
        'GITOTA605',
        `no version code on ${head.branch} of ${url}`,
        'UpdateCheckMode',
      );
    const autoName = await autoNameAt(
      ctx,
      area,
      app,
      url,
      `refs/heads/${head.branch}`,
      head.commit,
    );
    // The branch name stays the build's commit (checkupdates' getref cannot resolve a remote branch).
    return {
      version: found.version,
      vercode: found.vercode,
      ...(branch !== undefined ? { tag: branch } : {}),
      headCommit: head.commit,
      refs,
      ...(autoName !== undefined ? { autoName } : {}),
    };
  });
}

function parsedData(app: AppSource): UpdateCheckData {
  const data = parseUpdateCheckData(app.metadata.UpdateCheckData);
  if (typeof data === 'string') throw new AppCheckFailure('GITOTA603', data, 'UpdateCheckData');
  return data;
}

async function checkHttp(ctx: CheckContext, app: AppSource): Promise<FoundVersion> {
  if (app.metadata.UpdateCheckData === undefined)
    throw new AppCheckFailure(
      'GITOTA603',
      'UpdateCheckMode HTTP needs UpdateCheckData',
      'UpdateCheckData',
    );
  const data = parsedData(app);
  for (const url of [
    data.codeSource,
    data.nameSource === '.' ? data.codeSource : data.nameSource,
  ]) {
    if (!isFetchableUrl(url))
      throw new AppCheckFailure(
        'GITOTA617',
        `UpdateCheckData has invalid URL ${JSON.stringify(url)} (https only)`,
        'UpdateCheckData',
      );
  }
  const page = (await ctx.http.getText(data.codeSource, ctx.limits.maxPageBytes)).text;
  const codeMatch = pythonSearch(compile(data.codePattern, 'UpdateCheckData'), page);
  if (codeMatch === null)
    throw new AppCheckFailure(
      'GITOTA605',
      `no match for the version code pattern in ${data.codeSource}`,
      'UpdateCheckData',
    );
  const vercode = code(
    firstGroup(codeMatch, 'UpdateCheckData version code').trim(),
    data.codeSource,
  );
  const namePage =
    data.nameSource === '.'
      ? page
      : (await ctx.http.getText(data.nameSource, ctx.limits.maxPageBytes)).text;
  const nameMatch = pythonSearch(compile(data.namePattern, 'UpdateCheckData'), namePage);
  if (nameMatch === null)
    throw new AppCheckFailure(
      'GITOTA605',
      `no match for the version name pattern in ${data.nameSource === '.' ? data.codeSource : data.nameSource}`,
      'UpdateCheckData',
    );
  const version = firstGroup(nameMatch, 'UpdateCheckData version name');
  let found: FoundVersion = { version, vercode };
  // AutoName reads the default branch, as fetch_autoname does with no tag.
  if (
    app.metadata.RepoType === 'git' &&
    typeof app.metadata.Repo === 'string' &&
    app.metadata.UpdateCheckName !== 'Ignore'
  ) {
    const url = app.metadata.Repo;
    const refs = await refsOf(ctx, url);
    const head = branchHead(refs, url, undefined);
    const autoName = await withFetchArea(ctx, (area) =>
      autoNameAt(ctx, area, app, url, `refs/heads/${head.branch}`, head.commit),
    );
    found = { ...found, refs, ...(autoName !== undefined ? { autoName } : {}) };
  }
  return found;
}

/** Undefined: the version is ignored (UpdateCheckIgnore, HTTP mode) — nothing to do, as checkupdates returns (None, None). */
export async function findAppVersion(
  ctx: CheckContext,
  app: AppSource,
  mode: Exclude<UpdateCheckMode, { kind: 'none' | 'unsupported' }>,
): Promise<FoundVersion | undefined> {
  if (mode.kind === 'tags') return checkTags(ctx, app, mode.pattern);
  if (mode.kind === 'repo-manifest') return checkRepoManifest(ctx, app, mode.branch);
  const found = await checkHttp(ctx, app);
  const ignore = app.metadata.UpdateCheckIgnore;
  if (
    typeof ignore === 'string' &&
    ignore !== '' &&
    pythonSearch(compile(ignore, 'UpdateCheckIgnore'), found.version) !== null
  )
    return undefined;
  return found;
}
