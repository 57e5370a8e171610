import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { PreviousSite } from '../../src/formats/format.js';
import type { Content } from '../../src/model/types.js';
import { buildSiteFromContent } from '../../src/publish/build-site.js';
import {
  publishSite,
  type PublishInput,
  type PublishResult,
} from '../../src/publish/publish-site.js';
import { hashedTargetPath } from '../../src/tuf/layout.js';
import { validateRepository } from '../../src/validate/index.js';
import { makeTestKeyRing } from '../support/keys.js';
import { git } from './content-repo.js';

/** publishSite for the work tree at HEAD of `dir`, with test keys and no waiting. */
export async function publishAt(
  dir: string,
  now: number,
  extra: Partial<PublishInput> = {},
): Promise<PublishResult> {
  const validated = await validateRepository(dir, { now });
  const errors = validated.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return publishSite({
    repo: dir,
    source: git(dir, 'rev-parse', 'HEAD'),
    content: validated.content,
    remote: 'origin',
    branch: 'gh-pages',
    now,
    build: (content: Content, previous: PreviousSite) =>
      buildSiteFromContent(content, {
        now,
        keys: makeTestKeyRing(),
        previous,
        releaseAssetBaseUrl: 'https://github.com/example/content/releases/download/',
      }),
    sleep: async () => undefined,
    random: () => 0.5,
    ...extra,
  });
}

export function remoteTip(remote: string, branch = 'gh-pages'): string | undefined {
  try {
    return git(remote, 'rev-parse', '--verify', `refs/heads/${branch}`);
  } catch {
    return undefined;
  }
}

/** path → blob id of a commit's tree. */
export function treeOf(repo: string, commit: string): Map<string, string> {
  const out = execFileSync('git', ['ls-tree', '-r', '-z', commit], { cwd: repo }).toString('utf8');
  const map = new Map<string, string>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const [meta = '', path = ''] = record.split('\t');
    map.set(path, meta.split(' ')[2] ?? '');
  }
  return map;
}

export function blobText(repo: string, commit: string, path: string): string {
  return execFileSync('git', ['show', `${commit}:${path}`], {
    cwd: repo,
    maxBuffer: 1 << 28,
  }).toString('utf8');
}

/** Checks out a commit's tree into a fresh directory (no .git): what Pages would serve. */
export async function checkoutTree(repo: string, commit: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gitota-pages-'));
  execFileSync(
    'sh',
    ['-c', `git archive --format=tar "$1" | tar -x -m -C "$2"`, 'sh', commit, dir],
    { cwd: repo },
  );
  return dir;
}

/**
 * The invariant a TUF client relies on: timestamp → snapshot → every role the
 * snapshot names → every target's content-addressed copy, all present
 * (external targets, with custom.url, are not in the branch).
 */
export function expectConsistentSite(repo: string, commit: string): void {
  const tree = treeOf(repo, commit);
  const json = (path: string) =>
    JSON.parse(blobText(repo, commit, path)) as { signed: Record<string, unknown> };
  const timestamp = json('metadata/timestamp.json').signed as {
    meta: Record<string, { version: number }>;
  };
  const snapshotPath = `metadata/${timestamp.meta['snapshot.json']?.version}.snapshot.json`;
  expect(tree.has(snapshotPath), snapshotPath).toBe(true);
  const snapshot = json(snapshotPath).signed as { meta: Record<string, { version: number }> };
  for (const [name, meta] of Object.entries(snapshot.meta)) {
    const rolePath = `metadata/${meta.version}.${name}`;
    if (!tree.has(rolePath)) continue; // a role whose last target left keeps its entry only
    const targets = (
      json(rolePath).signed as {
        targets: Record<string, { hashes: { sha256: string }; custom?: { url?: string } }>;
      }
    ).targets;
    for (const [path, info] of Object.entries(targets)) {
      // An external file (custom.url) is signed but lives elsewhere: never in the branch.
      if (typeof info.custom?.url === 'string') {
        expect(tree.has(path), `${path} is external`).toBe(false);
        continue;
      }
      const hashed = hashedTargetPath(path, info.hashes.sha256);
      expect(tree.has(hashed), `${rolePath} names ${hashed}`).toBe(true);
    }
  }
}
