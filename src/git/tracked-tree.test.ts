import { describe, expect, it } from 'vitest';
import { createMemoryTrackedTree } from './memory-tracked-tree.js';
import { lookupTracked } from './refusal.js';
import { resolveTracked, MAX_LINK_HOPS } from './tracked-tree.js';
import { checkRepoPath, forbiddenPart } from './repo-path.js';

const tree = createMemoryTrackedTree({
  'files/a.zip': { file: 'a'.repeat(40) },
  'files/link.zip': { link: 'a.zip' },
  'files/up': { link: '..' },
  'files/gitlink': { link: '../.git' },
  'files/abs.zip': { link: '/etc/passwd' },
  'files/drive.zip': { link: 'C:/x' },
  'files/above.zip': { link: '../../x' },
  'files/loop': { link: 'loop' },
  'files/chain1': { link: 'chain2' },
  'files/chain2': { link: '../files//./a.zip' },
  'files/case.zip': { link: '../.GIT/config' },
  'files/hfs.zip': { link: '../.g\u200cit/config' },
  'files/ntfs.zip': { link: '../.git. /config' },
  'files/stream.zip': { link: '../.git::$INDEX_ALLOCATION/config' },
  'files/short.zip': { link: '../GIT~1/config' },
  'files/keys.zip': { link: '../.gitota/dev-keys.json' },
  'files/gitota-short.zip': { link: '../GITOTA~1/dev-keys.json' },
  'files/through-file': { link: 'a.zip/inner' },
  'files/back': { link: 'a.zip/..' },
  'packs/x/.gitota/y': { file: '' },
  sub: 'submodule',
});

/** `ok <final path>`, or the problem. */
function outcome(path: string): string {
  const r = resolveTracked(tree, path);
  return r.ok ? `ok ${r.path}` : r.problem;
}

describe('resolveTracked', () => {
  it.each([
    ['files/a.zip', 'ok files/a.zip'],
    ['files/link.zip', 'ok files/a.zip'],
    ['files/up/files/a.zip', 'ok files/a.zip'],
    ['files/chain1', 'ok files/a.zip'],
    ['files', 'ok files'],
    ['packs/x/.gitota/y', 'ok packs/x/.gitota/y'],
    ['files/gitlink/config', 'forbidden'],
    ['files/case.zip', 'forbidden'],
    ['files/hfs.zip', 'forbidden'],
    ['files/ntfs.zip', 'forbidden'],
    ['files/stream.zip', 'forbidden'],
    ['files/short.zip', 'forbidden'],
    ['files/keys.zip', 'forbidden'],
    ['files/gitota-short.zip', 'forbidden'],
    ['files/up/.gitota/dev-keys.json', 'forbidden'],
    ['.git/config', 'unsafe'],
    ['.GIT/config', 'unsafe'],
    ['.gitota/dev-keys.json', 'unsafe'],
    ['files/./a.zip', 'unsafe'],
    ['files/../.git/config', 'unsafe'],
    ['/etc/passwd', 'unsafe'],
    ['files/abs.zip', 'outside'],
    ['files/drive.zip', 'outside'],
    ['files/above.zip', 'outside'],
    ['files/loop', 'loop'],
    ['files/missing.zip', 'absent'],
    ['sub/x', 'submodule'],
    ['files/through-file', 'not-a-folder'],
    ['files/back', 'not-a-folder'],
  ])('%s → %s', (path, expected) => {
    expect(outcome(path)).toBe(expected);
  });

  it('stops a loop after MAX_LINK_HOPS links and says which code it is', () => {
    const r = resolveTracked(tree, 'files/loop');
    expect(!r.ok && r.links.length).toBe(MAX_LINK_HOPS + 1);
    expect(lookupTracked(tree, 'files/loop')).toMatchObject({
      ok: false,
      refusal: { code: 'GITOTA018' },
    });
    expect(lookupTracked(tree, 'files/case.zip')).toMatchObject({
      ok: false,
      refusal: { code: 'GITOTA016' },
    });
    expect(lookupTracked(tree, 'files/abs.zip')).toMatchObject({
      ok: false,
      refusal: { code: 'GITOTA007' },
    });
    expect(lookupTracked(tree, 'sub/x')).toMatchObject({
      ok: false,
      refusal: { code: 'GITOTA017' },
    });
    // Plainly missing is not a refusal: the rule naming the file says "does not exist".
    expect(lookupTracked(tree, 'files/missing.zip')).toEqual({ ok: false });
  });

  it('in a folder that is no git repository, never reads a hidden name', () => {
    const folder = createMemoryTrackedTree(
      {
        'files/.env': { file: '' },
        'files/ok.zip': { file: '' },
        'files/env.zip': { link: '.env' },
      },
      { kind: 'folder' },
    );
    expect(resolveTracked(folder, 'files/ok.zip').ok).toBe(true);
    expect(resolveTracked(folder, 'files/.env')).toMatchObject({ ok: false, problem: 'forbidden' });
    expect(resolveTracked(folder, 'files/env.zip')).toMatchObject({
      ok: false,
      problem: 'forbidden',
    });
  });
});

describe('repository path rules', () => {
  it.each([
    '.git',
    '.GIT',
    '.Git/config',
    'a/.git/b',
    'a/.git.',
    'a/.git ',
    'a/git~1/x',
    '.gitota/x',
    '.GITOTA',
    '.g\u200cit/config',
  ])('%j is never content', (path) => {
    expect(forbiddenPart(path)).toBeDefined();
    expect(checkRepoPath(path)).toMatch(/points into|invisible character/);
  });

  it.each([
    'a/.gitota/x',
    'a/.github/x',
    '.github/workflows/x.yml',
    'files/..hidden/a..b/.well-known',
    'a/gitx',
    'a/.gitignore',
  ])('%j may be', (path) => {
    expect(checkRepoPath(path)).toBeUndefined();
  });
});
