import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GITOTA_ACTION_REPOSITORY,
  GITOTA_PACKAGE_VERSION,
  majorTagOf,
} from '../../src/cli/package-info.js';
import { STARTER_KINDS } from '../../src/init/starter-kinds.js';
import { runGitota } from './example-repo.js';

/** `gitota init`: what it writes, that it never replaces a file, and that what it writes validates and builds. */

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gitota-init-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function filesUnder(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await filesUnder(root, path)));
    else out.push(path);
  }
  return out.sort();
}

const SHARED = [
  '.github/workflows/pr.yml',
  '.github/workflows/publish.yml',
  '.github/workflows/refresh.yml',
  '.gitignore',
  '.vscode/extensions.json',
  '.vscode/settings.json',
  'CONTRIBUTING.md',
  'gitota.yaml',
  ...[
    'app-versions',
    'app',
    'device',
    'gitota',
    'pack',
    'package-list',
    'release',
    'update-locations',
  ].map((s) => `schemas/${s}.schema.json`),
];

describe('gitota init', () => {
  it('writes the whole starter repository, which validates, formats clean and builds', async () => {
    const dir = join(work, 'all');
    const run = await runGitota(['init', dir], work);
    expect(run.code, run.stderr).toBe(0);
    const files = await filesUnder(dir);
    for (const path of SHARED) expect(files).toContain(path);
    expect(files).toContain('releases/example/lineage-22.1-20250106-nightly-example-signed.yaml');
    expect(files).toContain('apps/org.gitota.example.notes/versions.yaml');
    expect(files).toContain('package-lists/example-apps.yaml');
    expect(files).toContain('packs/hello-world.yaml');
    for (const path of files) expect(run.stdout).toContain(`wrote ${path}\n`);
    expect(run.stdout).toMatch(
      /Next:\n[\s\S]*gitota keygen[\s\S]*gh secret set[\s\S]*Settings → Pages/,
    );
    expect(
      (await lstat(join(dir, 'packs/hello-world/staging/bin/helloWorld'))).mode & 0o111,
    ).not.toBe(0);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toMatch(
      /^\.gitota\/$[\s\S]*^_site\/$/m,
    );

    expect((await runGitota(['validate', '--repo', dir], work)).code).toBe(0);
    const fmt = await runGitota(['fmt', '--check', '--repo', dir], work);
    expect(fmt.code, fmt.stdout).toBe(0);
    const build = await runGitota(['build', '--repo', dir, '--out', join(work, 'all-site')], work);
    expect(build.code, build.stderr).toBe(0);
    const site = await filesUnder(join(work, 'all-site'));
    expect(site).toContain('api/v1/example/nightly.json');
    expect(site).toContain('fdroid/repo/index-v2.json');
    expect(site).toContain('tomtom/example-fleet/update-locations');
    expect(site.some((p) => /^packs\/[0-9a-f]{64}\.hello-world\.update$/.test(p))).toBe(true);
  });

  it.each([...STARTER_KINDS, 'lineage,tomtom', 'fdroid,legato'])(
    '--kinds %s writes only those examples, and they validate and build',
    async (list: string) => {
      const kinds = list.split(',');
      const dir = join(work, `kinds-${kinds.join('-')}`);
      const run = await runGitota(['init', dir, '--kinds', kinds.join(',')], work);
      expect(run.code, run.stderr).toBe(0);
      const files = await filesUnder(dir);
      const has = (prefix: string) => files.some((f) => f.startsWith(prefix));
      expect(has('releases/')).toBe(kinds.includes('lineage'));
      expect(has('apps/')).toBe(kinds.includes('fdroid'));
      expect(has('package-lists/') || has('update-locations/')).toBe(kinds.includes('tomtom'));
      expect(has('packs/')).toBe(kinds.includes('legato'));
      const config = parse(await readFile(join(dir, 'gitota.yaml'), 'utf8')) as {
        fdroid?: unknown;
      };
      expect(config.fdroid !== undefined).toBe(kinds.includes('fdroid'));
      const contributing = await readFile(join(dir, 'CONTRIBUTING.md'), 'utf8');
      expect(contributing.includes('## Add a build')).toBe(kinds.includes('lineage'));
      expect(contributing.includes('## Add an app version')).toBe(kinds.includes('fdroid'));

      const validate = await runGitota(['validate', '--repo', dir], work);
      expect(validate.code, validate.stdout + validate.stderr).toBe(0);
      expect(validate.stdout).toContain('0 errors, 0 warnings');
      const build = await runGitota(['build', '--repo', dir, '--out', join(dir, '_site')], work);
      expect(build.code, build.stderr).toBe(0);
    },
  );

  it('refuses a folder with files in it, writing nothing', async () => {
    const dir = join(work, 'busy');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    const run = await runGitota(['init', dir], work);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^gitota init: error GITOTA700 .*busy is not empty \(notes\.txt\); give --force/,
    );
    expect(await filesUnder(dir)).toEqual(['notes.txt']);
  });

  it('takes a folder holding only .git (a fresh clone) without --force', async () => {
    const dir = join(work, 'clone');
    await mkdir(join(dir, '.git'), { recursive: true });
    const run = await runGitota(['init', dir, '--kinds', 'lineage'], work);
    expect(run.code, run.stderr).toBe(0);
  });

  it('with --force adds the starter files and keeps every existing file byte for byte, links included', async () => {
    const dir = join(work, 'forced');
    await mkdir(join(dir, 'devices'), { recursive: true });
    const mine: Record<string, string> = {
      'gitota.yaml': '# my own config\n',
      'devices/example.yaml': 'not even yaml: [\n',
      '.gitignore': 'node_modules/\n',
      'CONTRIBUTING.md': 'our rules\n',
    };
    for (const [path, text] of Object.entries(mine)) await writeFile(join(dir, path), text);
    const outside = join(work, 'outside.txt');
    await writeFile(outside, 'outside\n');
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await symlink(outside, join(dir, '.github/workflows/pr.yml'));

    const run = await runGitota(['init', dir, '--force'], work);
    expect(run.code, run.stderr).toBe(0);
    for (const [path, text] of Object.entries(mine)) {
      expect(await readFile(join(dir, path), 'utf8')).toBe(text);
      expect(run.stdout).toContain(`kept  ${path} (it exists; not replaced)\n`);
    }
    expect((await lstat(join(dir, '.github/workflows/pr.yml'))).isSymbolicLink()).toBe(true);
    expect(await readFile(outside, 'utf8')).toBe('outside\n');
    expect(run.stdout).toContain('kept  .github/workflows/pr.yml');
    expect(run.stdout).toContain('wrote .github/workflows/publish.yml\n');
    expect(run.stdout).toContain(
      'wrote releases/example/lineage-22.1-20250106-nightly-example-signed.yaml\n',
    );
    expect(run.stdout).toContain('warning GITOTA702 .gitignore does not ignore .gitota/ or _site/');

    // A second run changes nothing and keeps everything.
    const again = await runGitota(['init', dir, '--force'], work);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('wrote ');
  });

  it("fills the action's owner and version from the running gitota, and takes overrides", async () => {
    const byDefault = join(work, 'default-action');
    expect((await runGitota(['init', byDefault, '--kinds', 'legato'], work)).code).toBe(0);
    const major = majorTagOf(GITOTA_PACKAGE_VERSION);
    expect(major).toMatch(/^v\d+$/);
    const uses = async (dir: string) => {
      const all: string[] = [];
      for (const name of ['pr.yml', 'publish.yml', 'refresh.yml']) {
        const text = await readFile(join(dir, '.github/workflows', name), 'utf8');
        all.push(
          ...[...text.matchAll(/^\s+(?:- )?uses: (.+)$/gm)]
            .map((m) => m[1]!)
            .filter((u) => !u.startsWith('actions/')),
        );
        expect(text).not.toMatch(/npx|npm |setup-node|uses: \.\//);
      }
      return [...new Set(all)];
    };
    expect(await uses(byDefault)).toEqual([`${GITOTA_ACTION_REPOSITORY}@${major}`]);

    const overridden = join(work, 'other-action');
    const run = await runGitota(
      [
        'init',
        overridden,
        '--kinds',
        'legato',
        '--action-repository',
        'acme/gitota-fork',
        '--action-ref',
        'v7',
      ],
      work,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await uses(overridden)).toEqual(['acme/gitota-fork@v7']);
    expect(run.stdout).toContain('using the action acme/gitota-fork@v7');
  });

  it('derives the Pages URL from --github-repository and takes --site-url and --title', async () => {
    const pages = join(work, 'pages');
    expect(
      (
        await runGitota(
          ['init', pages, '--kinds', 'lineage', '--github-repository', 'Acme/fleet-ota'],
          work,
        )
      ).code,
    ).toBe(0);
    const config = parse(await readFile(join(pages, 'gitota.yaml'), 'utf8')) as {
      site: Record<string, string>;
    };
    expect(config.site).toMatchObject({
      base_url: 'https://acme.github.io/fleet-ota/',
      github_repository: 'Acme/fleet-ota',
      title: 'pages updates',
    });
    const own = join(work, 'own');
    expect(
      (
        await runGitota(
          [
            'init',
            own,
            '--kinds',
            'lineage',
            '--site-url',
            'https://ota.acme.example/',
            '--title',
            'Acme: "OTA"',
          ],
          work,
        )
      ).code,
    ).toBe(0);
    const second = parse(await readFile(join(own, 'gitota.yaml'), 'utf8')) as {
      site: Record<string, string>;
    };
    expect(second.site).toMatchObject({
      base_url: 'https://ota.acme.example/',
      title: 'Acme: "OTA"',
    });
    expect((await runGitota(['validate', '--repo', own], work)).code).toBe(0);
  });

  it.each([
    [['--kinds', 'lineage,symbian'], /--kinds: unknown kind "symbian"/],
    [['--kinds', ','], /--kinds names no kind/],
    [['--site-url', 'not a url'], /--site-url "not a url" is not an absolute URL/],
    [['--action-repository', 'no-slash'], /--action-repository takes OWNER\/NAME/],
    [['--github-repository', 'a/b/c'], /--github-repository takes OWNER\/REPO/],
    [['a', 'b'], /one DIR at most/],
  ])('refuses %j as a usage error, writing nothing', async (args, message) => {
    const dir = join(work, `usage-${Math.random().toString(36).slice(2)}`);
    const run = await runGitota(['init', ...(args[0] === 'a' ? [] : [dir]), ...args], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    await expect(lstat(dir)).rejects.toThrow();
  });
});
