import { appendFile, link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { openTrackedTree } from '../../src/git/open-tracked-tree.js';
import type { Content } from '../../src/model/types.js';
import type { PreviousSite } from '../../src/formats/format.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import { publishSite } from '../../src/publish/publish-site.js';
import { validateRepository } from '../../src/validate/index.js';
import { makeTestKeyRing } from '../support/keys.js';
import { addRelease, git, makeContentRepo, type ContentRepo } from './content-repo.js';
import {
  devKeyMarker,
  errorsAt,
  leaks,
  lineOf,
  plantCheckoutToken,
  type Secrets,
} from './hostile-support.js';
import { remoteTip } from './publish-support.js';

/**
 * Part 1 of issue 10: what reviewers approve is exactly what is published, and
 * nothing else leaves the repository. Each row is a pull request written as a
 * hostile contributor would write it (a link to the CI token actions/checkout
 * leaves in .git/config, to .gitota/dev-keys.json, out of the tree...), merged
 * into main; then validate (a work-tree run), the Action's check (a commit run),
 * `gitota publish` to a local bare remote, and (where the route is a payload) a
 * build that skips validation altogether. Every run must name the exact
 * code, file and line; nothing may be published; no published blob may hold a
 * byte of the token or the development key.
 */

const NOW = 1795200000;
const env = { SOURCE_DATE_EPOCH: String(NOW), GITHUB_REPOSITORY: 'example/content' };

let repo: ContentRepo;
let secrets: Secrets;
let devKey: string;
let base: string;
let liveTip: string;

async function cli(args: string[]) {
  const io = memoryIo({ cwd: repo.dir, env });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const text = (path: string) => readFile(join(repo.dir, path), 'utf8');
async function put(path: string, body: string): Promise<void> {
  await mkdir(dirname(join(repo.dir, path)), { recursive: true });
  await writeFile(join(repo.dir, path), body);
}
async function link_(path: string, target: string): Promise<void> {
  await rm(join(repo.dir, path), { force: true, recursive: true });
  await mkdir(dirname(join(repo.dir, path)), { recursive: true });
  await symlink(target, join(repo.dir, path));
}

/** A new lynx release (the zip is written, and replaced by the case); its `path:` line. */
async function release(): Promise<{ file: string; zip: string; pathLine: number }> {
  const added = await addRelease(repo.dir, {
    device: 'lynx',
    version: '22.2',
    romtype: 'nightly',
    date: '20261120',
    datetime: 1795168800,
  });
  return { file: added.file, zip: added.zip, pathLine: lineOf(await text(added.file), 'path: ') };
}

async function releaseNaming(path: string): Promise<string> {
  const r = await release();
  await rm(join(repo.dir, r.zip));
  await writeFile(
    join(repo.dir, r.file),
    (await text(r.file)).replace(/^path: .*$/m, `path: ${JSON.stringify(path)}`),
  );
  return `${r.file}:${r.pathLine}`;
}

interface HostileCase {
  name: string;
  /** What the pull request commits; returns the expected error(s) as `CODE file:line`. */
  pr(): Promise<string[]>;
  /** What the work tree holds besides the merged commit (a local run), after the merge. */
  local?(): Promise<void>;
  /** Errors of the Action's check (a commit run), when they differ from validate's. */
  commitRun?: string[];
  /** The work-tree validate's errors, when they differ from `pr`'s. */
  workTree?: string[];
  /** The code a build that skipped validation reports (payload routes). */
  build?: string;
}

const CASES: HostileCase[] = [
  {
    name: "a package-list payload linked to .git/config (the issue's bridge-system/x.txt)",
    async pr() {
      await appendFile(
        join(repo.dir, 'package-lists/bridge-system.yaml'),
        '  - name: x\n    path: x.txt\n    version: "1"\n',
      );
      await link_('package-lists/bridge-system/x.txt', '../../.git/config');
      return [
        `GITOTA016 package-lists/bridge-system.yaml:${lineOf(await text('package-lists/bridge-system.yaml'), 'path: x.txt')}`,
      ];
    },
    build: 'GITOTA016',
  },
  {
    name: 'an existing package-list payload replaced by a link to .git/config',
    async pr() {
      await link_(
        'package-lists/bridge-system/runtimepermissionswhitelist.txt',
        '../../.git/config',
      );
      return [
        `GITOTA016 package-lists/bridge-system.yaml:${lineOf(await text('package-lists/bridge-system.yaml'), 'path: runtimepermissionswhitelist.txt')}`,
      ];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a release path: whose zip is a link to .git/config',
    async pr() {
      const r = await release();
      await link_(r.zip, '../../.git/config');
      return [`GITOTA016 ${r.file}:${r.pathLine}`];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a firmware pack payload.file (no sha256) linked to .git/config',
    async pr() {
      await put(
        'packs/evil-fw.yaml',
        '# yaml-language-server: $schema=../schemas/pack.schema.json\ncommand: updateFirmware\nname: evil-fw\npayload:\n  file: packs/evil-fw/fw.cwe\ntargets:\n  - mangoh-red\n',
      );
      await link_('packs/evil-fw/fw.cwe', '../../.git/config');
      return ['GITOTA016 packs/evil-fw.yaml:5'];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a pack staging: that is a link to ../../.git (the whole .git packed)',
    async pr() {
      await put(
        'packs/evil-app.yaml',
        '# yaml-language-server: $schema=../schemas/pack.schema.json\ncommand: updateApp\nname: evilApp\nversion: "1.0"\npayload:\n  staging: packs/evil-app/staging\ntargets:\n  - mangoh-red\n',
      );
      await link_('packs/evil-app/staging', '../../.git');
      return ['GITOTA016 packs/evil-app.yaml:6'];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a content file that is a link to .git/config',
    async pr() {
      await link_('devices/evil.yaml', '../.git/config');
      return ['GITOTA016 devices/evil.yaml:1'];
    },
  },
  {
    name: 'a release zip linked to .gitota/dev-keys.json',
    async pr() {
      const r = await release();
      await link_(r.zip, '../../.gitota/dev-keys.json');
      return [`GITOTA016 ${r.file}:${r.pathLine}`];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a release path: naming .gitota/dev-keys.json outright',
    pr: async () => [`GITOTA114 ${await releaseNaming('.gitota/dev-keys.json')}`],
  },
  {
    name: 'an APK path: linked to .git/config',
    async pr() {
      const file = 'apps/org.gitota.example.dice/versions.yaml';
      await writeFile(
        join(repo.dir, file),
        (await text(file)).replace(
          'path: files/apps/org.gitota.example.dice_7.apk',
          'path: files/apps/evil.apk',
        ),
      );
      await link_('files/apps/evil.apk', '../../.git/config');
      return [`GITOTA016 ${file}:${lineOf(await text(file), 'path: files/apps/evil.apk')}`];
    },
    build: 'GITOTA016',
  },
  {
    // The release schema's path pattern refuses `.` and `..` segments first, at the same line.
    name: 'the spelling ./.git/config',
    pr: async () => [`GITOTA054 ${await releaseNaming('./.git/config')}`],
  },
  {
    name: 'the spelling files/../.git/config',
    pr: async () => [`GITOTA054 ${await releaseNaming('files/../.git/config')}`],
  },
  {
    name: 'a chain of links ending in .git/config',
    async pr() {
      const r = await release();
      await link_(r.zip, 'hop.zip');
      await link_('files/lynx/hop.zip', '../deeper/hop2.zip');
      await link_('files/deeper/hop2.zip', '../../.git/config');
      return [`GITOTA016 ${r.file}:${r.pathLine}`];
    },
    build: 'GITOTA016',
  },
  {
    name: 'a link to the .git folder, then a plain path through it',
    async pr() {
      await link_('files/up', '../.git');
      return [`GITOTA016 ${await releaseNaming('files/up/config')}`];
    },
    build: 'GITOTA016',
  },
  {
    name: '.GIT, as a case-insensitive file system shows .git',
    async pr() {
      const r = await release();
      await link_(r.zip, '../../.GIT/config');
      return [`GITOTA016 ${r.file}:${r.pathLine}`];
    },
    // On a case-insensitive view, .GIT is .git: the local link stands in for one.
    local: () => symlink('.git', join(repo.dir, '.GIT')),
    build: 'GITOTA016',
  },
  {
    name: "an absolute link to the checkout's .git/config",
    async pr() {
      const r = await release();
      await link_(r.zip, join(repo.dir, '.git', 'config'));
      return [`GITOTA007 ${r.file}:${r.pathLine}`];
    },
    build: 'GITOTA007',
  },
  {
    name: 'a link that loops',
    async pr() {
      const r = await release();
      await link_(r.zip, 'loop.zip');
      await link_('files/lynx/loop.zip', 'lineage-22.2-20261120-nightly-lynx-signed.zip');
      return [`GITOTA018 ${r.file}:${r.pathLine}`];
    },
    build: 'GITOTA018',
  },
  {
    name: 'a release zip git ignores',
    async pr() {
      const r = await release();
      await appendFile(join(repo.dir, '.gitignore'), `${r.zip}\n`);
      return [`GITOTA017 ${r.file}:${r.pathLine}`];
    },
  },
  {
    name: 'a zip a work-tree run may use (untracked, not ignored), but no commit run',
    async pr() {
      const r = await release();
      const bytes = await readFile(join(repo.dir, r.zip));
      await rm(join(repo.dir, r.zip));
      // Written after the merge, never committed: fine for a local build, not for what is published.
      this.local = () => writeFile(join(repo.dir, r.zip), bytes);
      this.workTree = [];
      return [`GITOTA017 ${r.file}:${r.pathLine}`];
    },
  },
  {
    name: 'a hard link to .git/config in a work-tree run',
    async pr() {
      const r = await release();
      await rm(join(repo.dir, r.zip));
      this.local = () => link(join(repo.dir, '.git', 'config'), join(repo.dir, r.zip));
      this.workTree = [`GITOTA019 ${r.file}:${r.pathLine}`];
      return [`GITOTA017 ${r.file}:${r.pathLine}`];
    },
  },
  {
    name: 'a zip inside a nested repository',
    async pr() {
      const path = await releaseNaming('files/nested/x.zip');
      this.local = async () => {
        await put('files/nested/x.zip', "another repository's file");
        git(join(repo.dir, 'files/nested'), 'init', '-q');
      };
      return [`GITOTA017 ${path}`];
    },
  },
  {
    name: 'a tracked zip edited in the work tree after the commit (a commit run reads the commit)',
    async pr() {
      const r = await release();
      this.local = () => appendFile(join(repo.dir, r.zip), 'edited after review');
      this.workTree = [`GITOTA115 ${r.file}:${lineOf(await text(r.file), 'size: ')}`];
      this.commitRun = [`GITOTA020 ${r.file}:${r.pathLine}`];
      return [];
    },
  },
  {
    name: 'a committed .gitota/ (a content index that vouches for everything, a pack cache entry, dev keys of its own)',
    async pr() {
      const index = '.gitota/cache/content-index.json';
      const pack =
        '.gitota/cache/packs/0000000000000000000000000000000000000000000000000000000000000000.update';
      const keys = '.gitota/cache/dev-keys.json';
      await put(index, '{"format":1,"fingerprint":"forged","sha256":"0"}\n{}');
      await put(pack, 'unreviewed pack bytes');
      await put(keys, '{"forged":true}');
      // .gitignore keeps .gitota/ out of `git add -A`: a hostile pull request forces it in.
      git(repo.dir, 'add', '-f', index, pack, keys);
      return [`GITOTA021 ${index}:1`, `GITOTA021 ${pack}:1`, `GITOTA021 ${keys}:1`];
    },
    // A work-tree run sees them staged in git's index as well: the next commit would track them.
  },
];

beforeAll(async () => {
  repo = await makeContentRepo();
  secrets = plantCheckoutToken(repo.dir);
  const first = await cli(['publish', '--dev-keys', '--skip-approvals']);
  expect(first.code, first.err).toBe(0);
  devKey = await devKeyMarker(repo.dir);
  base = git(repo.dir, 'rev-parse', 'HEAD');
  liveTip = remoteTip(repo.remote)!;
});
afterAll(async () => {
  await repo?.cleanup();
});
beforeEach(() => {
  git(repo.dir, 'checkout', '-q', '-f', 'main');
  git(repo.dir, 'reset', '-q', '--hard', base);
  git(repo.dir, 'clean', '-q', '-f', '-f', '-d', '-x', '-e', '.gitota');
});

describe('hostile pull requests cannot publish what the commit does not track', () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_name, index) => {
    const c = { ...CASES[index] } as HostileCase;
    git(repo.dir, 'checkout', '-q', '-b', `pr-${index}`, base);
    const expected = await c.pr.call(c);
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', `hostile: ${c.name}`);
    git(repo.dir, 'checkout', '-q', 'main');
    git(repo.dir, 'merge', '-q', '--no-ff', '-m', 'merge the pull request', `pr-${index}`);
    await c.local?.();
    const head = git(repo.dir, 'rev-parse', 'HEAD');

    // A contributor's (or a reviewer's) validate: what git would track in the work tree.
    const validate = await cli(['validate', '--format', 'json']);
    const reported = JSON.parse(validate.out) as { diagnostics: Parameters<typeof errorsAt>[0] };
    const workTree = (c.workTree ?? expected).sort();
    expect(errorsAt(reported.diagnostics)).toEqual(workTree);
    expect(validate.code).toBe(workTree.length > 0 ? 1 : 0);

    // The Action's check on the pull request's commit.
    const commitRun = await validateRepository(repo.dir, { now: NOW, commit: head });
    expect(errorsAt(commitRun.diagnostics)).toEqual((c.commitRun ?? expected).sort());

    // Publishing the merge: refused, nothing pushed.
    const published = await cli(['publish', '--dev-keys', '--skip-approvals']);
    expect(published.code, published.out).not.toBe(0);
    expect(remoteTip(repo.remote)).toBe(liveTip);

    if (c.build !== undefined) {
      // A build that never validated (no rules ran) refuses the payload too: defence in depth.
      const tree = await openTrackedTree(repo.dir, { commit: head });
      const loaded = await validateRepository(repo.dir, { now: NOW, tree, rules: [] });
      const result = await publishSite({
        repo: repo.dir,
        source: head,
        content: loaded.content,
        remote: 'origin',
        branch: 'gh-pages',
        now: NOW,
        build: (content: Content, previous: PreviousSite) =>
          buildSiteFromContent(content, {
            now: NOW,
            keys: makeTestKeyRing(),
            previous,
            tree,
            releaseAssetBaseUrl: 'https://github.com/example/content/releases/download/',
          }),
        sleep: async () => undefined,
      });
      expect(result.outcome).toBe('failed');
      expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(
        c.build,
      );
      expect(remoteTip(repo.remote)).toBe(liveTip);
    }

    // No byte of .git/ or .gitota/ in any blob of the live site.
    expect(
      leaks(repo.remote, 'gh-pages', [secrets.token, secrets.header, devKey, '[core]']),
    ).toEqual([]);
  });
});
