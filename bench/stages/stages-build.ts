import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderRelease, synthesizeNextRelease } from '../synth/synth-releases.js';
import { benchRuns, gitotaRuns, type BenchContext } from './bench-context.js';
import { diffTrees, git, hashDirectory, listTree, newObjectBytes } from './git-measures.js';
import { judge, summarise, type StageResult } from './stage-stats.js';

const PAGES = 'gh-pages';

/** Makes the synthetic repository a git repository with one commit, and a bare remote for the site. */
export async function initContentGit(ctx: BenchContext): Promise<{ remote: string }> {
  await writeFile(join(ctx.repo, '.gitignore'), '.gitota/\n_site/\n');
  await git(ctx.repo, ['init', '-q', '-b', 'main']);
  await git(ctx.repo, ['config', 'user.email', 'bench@example.org']);
  await git(ctx.repo, ['config', 'user.name', 'gitota bench']);
  await git(ctx.repo, ['add', '-A']);
  await git(ctx.repo, ['commit', '-q', '-m', 'synthetic content']);
  const remote = join(ctx.work, 'site.git');
  await git(ctx.work, ['init', '-q', '--bare', remote]);
  await git(ctx.repo, ['remote', 'add', 'origin', remote]);
  return { remote };
}

/** A full build from nothing: no previous site, no pack cache. */
export async function benchFullBuild(ctx: BenchContext): Promise<StageResult> {
  const out = join(ctx.work, 'site-full');
  const runs = await gitotaRuns(ctx, ['build', '--repo', ctx.repo, '--out', out], {
    before: async () => {
      await rm(join(ctx.repo, '.gitota', 'cache'), { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    },
  });
  const files = /built (\d+) files/.exec(runs[0]!.stdout)?.[1] ?? '?';
  const stage = summarise(
    'build (full)',
    'gitota build --repo REPO --out DIR (pack cache cleared)',
    runs,
    { files },
  );
  return judge(stage, '≤ 30 s', stage.median <= 30_000);
}

/**
 * Publishes the first commit (setup, timed once) and keeps a copy of the remote
 * as the base of later runs. The synthetic releases name mirror URLs that do not
 * exist, so this one publish trusts their declared size and sha256 instead of
 * downloading 30,000 zips (`bench/lib/main.js --publish-trusting-urls`).
 */
export async function benchFirstPublish(
  ctx: BenchContext,
  remote: string,
): Promise<{ stage: StageResult; baseCopy: string }> {
  const runs = await benchRuns(ctx, ['--publish-trusting-urls', ctx.repo], { runs: 1 });
  const baseCopy = join(ctx.work, 'site-base.git');
  await cp(remote, baseCopy, { recursive: true });
  const files = (await listTree(remote, PAGES)).size;
  return {
    stage: summarise(
      'publish (first, whole site)',
      'publish to an empty bare remote, external URLs trusted',
      runs,
      { files },
    ),
    baseCopy,
  };
}

/**
 * The one-release pull request: a new nightly for one device, committed on top,
 * its zip served by `payload` (loopback) so publish really downloads and checks it.
 * Returns its path.
 */
export async function addOneRelease(
  ctx: BenchContext,
  seed: string,
  payload: { base: string; size: number; sha256: string },
): Promise<string> {
  const device = (await git(ctx.repo, ['ls-tree', '--name-only', 'HEAD', 'devices/']))
    .split('\n')[0]!
    .replace(/^devices\//, '')
    .replace(/\.yaml$/, '');
  const release = synthesizeNextRelease(device, seed);
  const [file] = renderRelease({
    ...release,
    size: payload.size,
    sha256: payload.sha256,
    url: `${payload.base}${device}/${release.filename}`,
  });
  await mkdir(join(ctx.repo, 'releases', device), { recursive: true });
  await writeFile(join(ctx.repo, ...file!.path.split('/')), file!.content);
  await git(ctx.repo, ['add', file!.path]);
  await git(ctx.repo, ['commit', '-q', '-m', `add ${file!.path}`]);
  return file!.path;
}

/** validate of the PR's one file and plan of the PR, and their sum against the 2 s target. */
export async function benchPullRequest(ctx: BenchContext, path: string): Promise<StageResult[]> {
  const validate = summarise(
    'validate (one-file PR)',
    'gitota validate --repo REPO releases/<device>/<new>.yaml',
    await gitotaRuns(ctx, ['validate', '--repo', ctx.repo, path]),
  );
  const plan = summarise(
    'plan (one-release PR)',
    'gitota plan --base HEAD~1 --head HEAD --json',
    await gitotaRuns(ctx, [
      'plan',
      '--repo',
      ctx.repo,
      '--base',
      'HEAD~1',
      '--head',
      'HEAD',
      '--json',
    ]),
  );
  const sum = validate.median + plan.median;
  const both: StageResult = {
    name: 'validate + plan (one-file PR)',
    what: 'sum of the two medians above',
    runs: [sum],
    median: sum,
    min: validate.min + plan.min,
    max: validate.max + plan.max,
  };
  return [validate, plan, judge(both, '≤ 2 s', sum <= 2000)];
}

/**
 * O(1) files for a one-release change, as a number: the device's manifests and
 * their hashed copies, its delegated TUF role, targets, the F-Droid indices
 * (re-dated each publish) and history. The same at any repository size.
 */
const O1_FILES = 64;

/** TUF files every publish rewrites by design: not counted against O(1). */
function isSnapshotOrTimestamp(path: string): boolean {
  return (
    /^metadata\/(timestamp\.json|\d+\.snapshot\.json)$/.test(path) ||
    /(^|\/)[0-9a-f]{64}\.(timestamp|snapshot)\.json$/.test(path)
  );
}

/**
 * The incremental build: the site of the new commit built over the published
 * one (`publish --out`), and how many of its files differ from the published tree.
 */
export async function benchIncremental(ctx: BenchContext, baseCopy: string): Promise<StageResult> {
  const out = join(ctx.work, 'site-incremental');
  const runs = await gitotaRuns(
    ctx,
    ['publish', '--repo', ctx.repo, '--dev-keys', '--remote', baseCopy, '--out', out],
    {
      before: () => rm(out, { recursive: true, force: true }),
    },
  );
  const changed = diffTrees(await listTree(baseCopy, PAGES), await hashDirectory(out));
  const others = changed.filter((p) => !isSnapshotOrTimestamp(p));
  const stage = summarise(
    'build (incremental, +1 release)',
    'gitota publish --out DIR over the published site, after one new release',
    runs,
    {
      filesChanged: changed.length,
      besidesSnapshotTimestamp: others.length,
      sample: others.slice(0, 12).join(' '),
    },
  );
  return judge(stage, '≤ 3 s, ≤ 64 files', stage.median <= 3000 && others.length <= O1_FILES);
}

/** publish of the one-release commit to the bare remote (reset to the first publish before each run), with the bytes pushed. */
export async function benchPublish(
  ctx: BenchContext,
  remote: string,
  baseCopy: string,
): Promise<StageResult> {
  const baseTip = (await git(baseCopy, ['rev-parse', PAGES])).trim();
  const runs = await gitotaRuns(ctx, ['publish', '--repo', ctx.repo, '--dev-keys'], {
    before: async () => {
      await rm(remote, { recursive: true, force: true });
      await cp(baseCopy, remote, { recursive: true });
    },
  });
  const tip = (await git(remote, ['rev-parse', PAGES])).trim();
  const pushed = await newObjectBytes(remote, baseTip, tip);
  const files = (await git(remote, ['diff', '--name-only', baseTip, tip]))
    .split('\n')
    .filter(Boolean).length;
  return summarise(
    'publish (+1 release)',
    'gitota publish --dev-keys of the one-release commit to a local bare remote',
    runs,
    {
      filesInCommit: files,
      objectsPushed: pushed.objects,
      bytesPushed: pushed.bytes,
    },
  );
}
