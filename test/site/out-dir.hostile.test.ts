import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { SITE_MARKER } from '../../src/publish/site-out-dir.js';
import { makeContentRepo, type ContentRepo } from '../publish/content-repo.js';

/**
 * Part 4 of issue 10: output folders are gitota's. A site folder is replaced as
 * a whole, so `build`, `publish --out` and `start` refuse, with one line and
 * before anything is made or deleted, every folder gitota did not make; and
 * `keygen --out` never leaves private keys where `git add -A` would take them.
 */

const EPOCH = '1800000000';
let repo: ContentRepo;

async function cli(args: string[]) {
  const io = memoryIo({
    cwd: repo.dir,
    env: { SOURCE_DATE_EPOCH: EPOCH, GITOTA_OFFLINE: '1', GITHUB_REPOSITORY: 'example/content' },
  });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** Every path under the repository (.git included) with what it is: any deletion, creation or rewrite shows. */
async function snapshot(): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(repo.dir, { recursive: true });
  for (const name of entries.sort()) {
    const path = join(repo.dir, name);
    const info = await lstat(path);
    const body = info.isFile()
      ? createHash('sha256')
          .update(await readFile(path))
          .digest('hex')
      : info.isSymbolicLink()
        ? await readlink(path)
        : 'dir';
    hash.update(`${relative(repo.dir, path)}\0${body}\n`);
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  repo = await makeContentRepo();
  await mkdir(join(repo.dir, 'foreign'));
  await writeFile(join(repo.dir, 'foreign', 'notes.txt'), "someone's files, not a site\n");
  await symlink('.git', join(repo.dir, 'git-link'));
  // .gitota/ exists (caches, development keys) before anyone points --out at it.
  await mkdir(join(repo.dir, '.gitota', 'cache'), { recursive: true });
  await writeFile(join(repo.dir, '.gitota', 'cache', 'content-index.json'), '{}\n');
});
afterAll(async () => {
  await repo?.cleanup();
});

const REFUSED: Array<[string, string[]]> = [
  ['the .git folder', ['build', '--out', '.git']],
  ['a new folder inside .git', ['build', '--out', '.git/site']],
  ['.git through a link', ['build', '--out', 'git-link/site']],
  ['the payload folder files/ (tracked)', ['build', '--out', 'files']],
  ['the repository itself', ['build', '--out', '.']],
  ['a folder of tracked files', ['build', '--out', 'releases/lynx']],
  ['a tracked file', ['build', '--out', 'gitota.yaml']],
  ['a non-empty folder gitota did not make', ['build', '--out', 'foreign']],
  ['.gitota (development keys and caches)', ['build', '--out', '.gitota']],
  ['publish --out into .git', ['publish', '--dev-keys', '--skip-approvals', '--out', '.git']],
  ['publish --out onto files/', ['publish', '--dev-keys', '--skip-approvals', '--out', 'files']],
  ['start --out onto a foreign folder', ['start', '--once', '--port', '0', '--out', 'foreign']],
  [
    'start --out inside .git (not even created)',
    ['start', '--once', '--port', '0', '--out', '.git/site'],
  ],
];

describe("output folders are gitota's", () => {
  it.each(REFUSED)(
    'refuses %s with one line, deleting and creating nothing',
    async (_what, args) => {
      const before = await snapshot();
      const result = await cli(args);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(new RegExp(`^gitota ${args[0]}: error GITOTA403 [^\\n]+\\n$`));
      expect(result.out).toBe('');
      expect(await snapshot()).toBe(before);
    },
  );

  it('builds into a new or an empty folder, and replaces a folder it made before as a whole', async () => {
    const first = await cli(['build', '--out', '_site']);
    expect(first.code, first.err).toBe(0);
    expect(await readdir(join(repo.dir, '_site'))).toContain(SITE_MARKER);
    await writeFile(join(repo.dir, '_site', 'stale.txt'), 'left by the old site');
    const again = await cli(['build', '--out', '_site']);
    expect(again.code, again.err).toBe(0);
    expect(await readdir(join(repo.dir, '_site'))).not.toContain('stale.txt');

    await mkdir(join(repo.dir, 'empty'));
    expect((await cli(['build', '--out', 'empty'])).code).toBe(0);
  });

  it('keygen refuses --out inside the repository unless git ignores it', async () => {
    const before = await snapshot();
    const refused = await cli(['keygen', '--out', 'keys']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^gitota keygen: error GITOTA404 [^\n]+ git does not ignore keys\/root-1\.pem[^\n]*\n$/,
    );
    expect(await snapshot()).toBe(before);

    const ignored = await cli(['keygen', '--out', '.gitota/keys']);
    expect(ignored.code, ignored.err).toBe(0);
    expect(await readdir(join(repo.dir, '.gitota', 'keys'))).toContain('secrets.env');
  });
});
