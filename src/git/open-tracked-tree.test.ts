import { execFileSync } from 'node:child_process';
import {
  appendFile,
  link,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTrackedFolder } from './copy-tracked-folder.js';
import { openTrackedTree } from './open-tracked-tree.js';
import { hashTracked, readTrackedSync } from './read-tracked.js';
import { lookupTracked, TrackedContentError } from './refusal.js';
import type { TrackedTree } from './tracked-tree.js';

let root: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
    cwd: root,
    encoding: 'utf8',
  }).trim();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gitota-tracked-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, body] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), body);
  }
}

function names(tree: TrackedTree, path: string): string[] {
  return [...tree.children(path).keys()].sort();
}

/** `ok <path>`, `missing`, or the refusal's code. */
function look(tree: TrackedTree, path: string): string {
  const found = lookupTracked(tree, path);
  return found.ok ? `ok ${found.path}` : (found.refusal?.code ?? 'missing');
}

describe('openTrackedTree', () => {
  it('a commit run sees the commit: its files, blob ids and link targets, not the work tree', async () => {
    await files({ 'files/a.zip': 'committed', '.gitignore': 'ignored/\n' });
    await symlink('a.zip', join(root, 'files/link.zip'));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    const commit = git('rev-parse', 'HEAD');
    // The work tree moves on: a new file, a link pointed elsewhere, an ignored file.
    await files({ 'files/new.zip': 'untracked', 'ignored/x.zip': 'ignored', 'files/b.zip': 'b' });
    await rm(join(root, 'files/link.zip'));
    await symlink('b.zip', join(root, 'files/link.zip'));

    const tree = await openTrackedTree(root, { commit });
    expect(tree.origin).toEqual({ kind: 'commit', commit });
    expect(names(tree, 'files')).toEqual(['a.zip', 'link.zip']);
    expect(look(tree, 'files/link.zip')).toBe('ok files/a.zip');
    expect(tree.node('files/a.zip')?.blob).toBe(git('rev-parse', `${commit}:files/a.zip`));
    expect(look(tree, 'files/new.zip')).toBe('GITOTA017');
    expect(look(tree, 'ignored/x.zip')).toBe('GITOTA017');
    expect(look(tree, 'files/none.zip')).toBe('missing');
  });

  it('a work-tree run sees what git would track: untracked files yes, ignored ones never', async () => {
    await files({ 'files/a.zip': 'committed', '.gitignore': 'ignored/\n*.secret\n' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    await files({
      'files/new.zip': 'untracked',
      'ignored/x.zip': 'ignored',
      'files/k.secret': 'ignored too',
    });
    await appendFile(join(root, 'files/a.zip'), ' and edited');

    const tree = await openTrackedTree(root);
    expect(tree.origin.kind).toBe('work-tree');
    expect(names(tree, '')).toEqual(['.gitignore', 'files']);
    expect(names(tree, 'files')).toEqual(['a.zip', 'new.zip']);
    expect(look(tree, 'files/new.zip')).toBe('ok files/new.zip');
    expect(look(tree, 'files/k.secret')).toBe('GITOTA017');
    expect(look(tree, 'ignored/x.zip')).toBe('GITOTA017');
    // git does not vouch for an edited file's bytes: no blob id, and it is read as it is now.
    expect(tree.node('files/a.zip')?.blob).toBeUndefined();
    expect(tree.blobs().has('.gitignore')).toBe(true);
  });

  it('never lists .gitota/ or a .git, not even where .gitignore forgets it or a commit tracks it', async () => {
    await files({ 'files/a.zip': 'a', '.gitota/committed.json': 'tracked by mistake' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    await files({ '.gitota/dev-keys.json': 'PRIVATE KEY', 'files/.GIT/config': 'a token' });
    for (const tree of [
      await openTrackedTree(root),
      await openTrackedTree(root, { commit: git('rev-parse', 'HEAD') }),
    ]) {
      expect(names(tree, '')).toEqual(['files']);
      expect([...tree.blobs().keys()]).toEqual(['files/a.zip']);
      // Even a staging folder linked to the root copies none of it.
      const dest = join(root, `copy-${tree.origin.kind}`);
      await copyTrackedFolder(tree, '', dest);
      expect((await readdir(dest, { recursive: true })).sort()).toEqual(['files', 'files/a.zip']);
    }
  });

  it('a folder that is no git repository sees every file but hidden names', async () => {
    await files({ 'files/a.zip': 'a', 'files/.env': 'TOKEN=1', '.ssh/id': 'key' });
    const tree = await openTrackedTree(root);
    expect(tree.origin.kind).toBe('folder');
    expect(names(tree, '')).toEqual(['files']);
    expect(names(tree, 'files')).toEqual(['a.zip']);
    expect(look(tree, 'files/.env')).toBe('GITOTA016');
    expect(look(tree, '.ssh/id')).toBe('GITOTA016');
  });
});

describe('reading tracked bytes', () => {
  async function refusalOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof TrackedContentError
      ? error.refusal.code
      : `no refusal: ${String(error)}`;
  }

  it("a commit run reads only the commit's bytes: an edited, swapped or linked file is refused", async () => {
    await files({ 'files/a.zip': 'committed', 'files/b.zip': 'b', 'files/c.zip': 'c' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    const tree = await openTrackedTree(root, { commit: git('rev-parse', 'HEAD') });
    const node = (path: string) => tree.node(path)!;
    expect((await hashTracked(tree, 'files/a.zip', node('files/a.zip'))).blob).toBe(
      node('files/a.zip').blob,
    );

    await appendFile(join(root, 'files/a.zip'), ' edited');
    expect(await refusalOf(hashTracked(tree, 'files/a.zip', node('files/a.zip')))).toBe(
      'GITOTA020',
    );
    await rm(join(root, 'files/b.zip'));
    await symlink('/etc/hostname', join(root, 'files/b.zip'));
    expect(await refusalOf(hashTracked(tree, 'files/b.zip', node('files/b.zip')))).toBe(
      'GITOTA020',
    );
    expect(readTrackedSync(tree, 'files/b.zip', node('files/b.zip'), 1000)).toMatchObject({
      refusal: { code: 'GITOTA020' },
    });
    // A hard link whose bytes are the commit's is the commit's file; one to other bytes is not.
    await rm(join(root, 'files/c.zip'));
    await writeFile(join(root, 'elsewhere'), 'c');
    await link(join(root, 'elsewhere'), join(root, 'files/c.zip'));
    expect((await hashTracked(tree, 'files/c.zip', node('files/c.zip'))).size).toBe(1);
  });

  it('a work-tree run refuses a hard link git does not vouch for', async () => {
    await files({ 'files/a.zip': 'a', secret: 'TOKEN' });
    git('init', '-q');
    await link(join(root, 'secret'), join(root, 'files/hard.zip'));
    const tree = await openTrackedTree(root);
    expect(await refusalOf(hashTracked(tree, 'files/hard.zip', tree.node('files/hard.zip')!))).toBe(
      'GITOTA019',
    );
    expect(
      readTrackedSync(tree, 'files/hard.zip', tree.node('files/hard.zip')!, 1000),
    ).toMatchObject({ refusal: { code: 'GITOTA019' } });
  });
});
