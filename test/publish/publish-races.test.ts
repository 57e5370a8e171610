import { rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishError } from '../../src/publish/publish-errors.js';
import type { PublishStep } from '../../src/publish/publish-site.js';
import { STATE_PATH } from '../../src/publish/publish-state.js';
import { pushBranch } from '../../src/git/remote-branch.js';
import { squashBranch } from '../../src/publish/squash-branch.js';
import { addRelease, commitAll, git, makeContentRepo, type ContentRepo } from './content-repo.js';
import { blobText, expectConsistentSite, publishAt, remoteTip, treeOf } from './publish-support.js';

const NOW = 1795200000;
const repos: ContentRepo[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) await r.cleanup();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function freshRepo(): Promise<ContentRepo> {
  const repo = await makeContentRepo();
  repos.push(repo);
  return repo;
}

function cloneAt(repo: ContentRepo, name: string, commit: string): string {
  const dir = join(repo.dir, '..', name);
  git(join(repo.dir, '..'), 'clone', '-q', repo.remote, dir);
  git(dir, 'checkout', '-q', '--detach', commit);
  return dir;
}

function sourceOf(repo: ContentRepo): string {
  return (JSON.parse(blobText(repo.remote, 'gh-pages', STATE_PATH)) as { source: string }).source;
}

/** Every value the branch ever had is on the first-parent line of its tip: nothing was ever forced away. */
function expectNoForcedUpdate(remote: string): void {
  const history = new Set(git(remote, 'rev-list', '--first-parent', 'gh-pages').split('\n'));
  const reflog = git(remote, 'reflog', 'show', '--format=%H', 'refs/heads/gh-pages')
    .split('\n')
    .filter(Boolean);
  expect(reflog.length).toBeGreaterThan(0);
  for (const value of reflog) expect(history.has(value), value).toBe(true);
}

describe('concurrent publishes', () => {
  it('two runs from different commits both land, without a force push', async () => {
    const repo = await freshRepo();
    expect((await publishAt(repo.dir, NOW)).outcome).toBe('published');
    const one = await addRelease(repo.dir, {
      device: 'oriole',
      version: '22.2',
      romtype: 'nightly',
      date: '20261118',
      datetime: 1795000000,
    });
    const c1 = commitAll(repo.dir, 'oriole nightly');
    const two = await addRelease(repo.dir, {
      device: 'sunfish',
      version: '22.2',
      romtype: 'nightly',
      date: '20261119',
      datetime: 1795100000,
    });
    const c2 = commitAll(repo.dir, 'sunfish nightly');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const a = cloneAt(repo, 'clone-a', c1);
    const b = cloneAt(repo, 'clone-b', c2);

    // Both runs build on the same tip and wait for each other before pushing: a guaranteed collision.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothCommitted = new Promise<void>((r) => (release = r));
    const barrier = async (step: PublishStep, attempt: number) => {
      if (step !== 'committed' || attempt !== 1) return;
      if (++arrived === 2) release();
      await bothCommitted;
    };
    const [ra, rb] = await Promise.all([
      publishAt(a, NOW + 10, { hook: barrier }),
      publishAt(b, NOW + 20, { hook: barrier }),
    ]);
    const outcomes = [ra, rb].map((r) => `${r.outcome}:${r.attempts}`).sort();
    // One pushed first; the other was rejected, fetched, and then either rebuilt on top (c2) or found itself superseded (c1).
    expect(outcomes.some((o) => o === 'published:1')).toBe(true);
    expect(outcomes.some((o) => o === 'published:2' || o === 'superseded:2')).toBe(true);

    const tree = treeOf(repo.remote, 'gh-pages');
    expect(tree.has(`builds/oriole/${one.id}.zip`)).toBe(true);
    expect(tree.has(`builds/sunfish/${two.id}.zip`)).toBe(true);
    expect(sourceOf(repo)).toBe(c2);
    expectNoForcedUpdate(repo.remote);
    expectConsistentSite(repo.remote, 'gh-pages');
  });

  it('an older commit published after a newer one is a successful no-op', async () => {
    const repo = await freshRepo();
    await addRelease(repo.dir, {
      device: 'oriole',
      version: '22.2',
      romtype: 'nightly',
      date: '20261118',
      datetime: 1795000000,
    });
    const older = commitAll(repo.dir, 'older');
    await addRelease(repo.dir, {
      device: 'sunfish',
      version: '22.2',
      romtype: 'nightly',
      date: '20261119',
      datetime: 1795100000,
    });
    const newer = commitAll(repo.dir, 'newer');
    git(repo.dir, 'push', '-q', 'origin', 'main');
    expect((await publishAt(repo.dir, NOW)).outcome).toBe('published');
    const tip = remoteTip(repo.remote);
    const old = cloneAt(repo, 'clone-old', older);
    const result = await publishAt(old, NOW + 60);
    expect(result).toMatchObject({ outcome: 'superseded', publishedSource: newer });
    expect(remoteTip(repo.remote)).toBe(tip);
  });
});

describe('a publish killed at any point', () => {
  it('leaves the branch at its old commit or its new one, and the next run completes', async () => {
    const repo = await freshRepo();
    expect((await publishAt(repo.dir, NOW)).outcome).toBe('published');
    const steps: PublishStep[] = [
      'fetched',
      'planned',
      'built',
      'blobs-written',
      'committed',
      'pushed',
    ];
    let now = NOW;
    for (const [i, stop] of steps.entries()) {
      await addRelease(repo.dir, {
        device: 'lynx',
        version: '22.2',
        romtype: 'nightly',
        date: `2026112${i}`,
        datetime: 1795168800 + i * 3600,
      });
      const source = commitAll(repo.dir, `lynx ${i}`);
      const before = remoteTip(repo.remote)!;
      const hook = (step: PublishStep) => {
        if (step === stop) throw new PublishError('PUBLISH_INTERRUPTED', `killed after ${step}`);
      };
      now += 600;
      await expect(publishAt(repo.dir, now, { hook })).rejects.toThrow(`killed after ${stop}`);
      const after = remoteTip(repo.remote)!;
      if (stop === 'pushed') {
        expect(git(repo.remote, 'rev-parse', `${after}^`)).toBe(before);
        expect(sourceOf(repo)).toBe(source);
      } else {
        expect(after, stop).toBe(before);
      }
      expectConsistentSite(repo.remote, after);
      now += 600;
      const again = await publishAt(repo.dir, now);
      expect(again.outcome).toBe(stop === 'pushed' ? 'up-to-date' : 'published');
      expect(sourceOf(repo)).toBe(source);
      expectConsistentSite(repo.remote, 'gh-pages');
    }
    expectNoForcedUpdate(repo.remote);
    // The content repository never had its work tree or branches touched.
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });
});

describe('--squash', () => {
  it('rewrites the branch to one commit with the same files, leased to the commit it was made from', async () => {
    const repo = await freshRepo();
    git(repo.remote, 'config', 'receive.denyNonFastForwards', 'false');
    await publishAt(repo.dir, NOW);
    await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'nightly',
      date: '20261120',
      datetime: 1795168800,
    });
    commitAll(repo.dir, 'more');
    await publishAt(repo.dir, NOW + 60);
    const tip = remoteTip(repo.remote)!;
    const squashed = await squashBranch({
      repo: repo.dir,
      remote: 'origin',
      branch: 'gh-pages',
      now: NOW + 120,
    });
    expect(squashed.replaced).toBe(tip);
    expect(remoteTip(repo.remote)).toBe(squashed.commit);
    expect(git(repo.remote, 'rev-list', '--count', 'gh-pages')).toBe('1');
    expect(git(repo.remote, 'rev-parse', 'gh-pages^{tree}')).toBe(
      git(repo.remote, 'rev-parse', `${tip}^{tree}`),
    );
    expect(
      git(repo.remote, 'log', '-1', '--format=%(trailers:key=Gitota-Source,valueonly)', 'gh-pages'),
    ).toBe(git(repo.dir, 'rev-parse', 'HEAD'));
    // A lease on a commit the branch has left is refused: another run's publish is never discarded.
    const refused = await pushBranch(repo.dir, 'origin', 'gh-pages', tip, { lease: tip });
    expect(refused.ok).toBe(false);
    expect(remoteTip(repo.remote)).toBe(squashed.commit);
    // Publishing goes on from the squashed commit.
    await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'nightly',
      date: '20261121',
      datetime: 1795255200,
    });
    commitAll(repo.dir, 'after squash');
    const next = await publishAt(repo.dir, NOW + 180);
    expect(next).toMatchObject({ outcome: 'published', parent: squashed.commit });
  });
});

describe('retention', () => {
  it('removes metadata versions and content-addressed copies no kept metadata names, and nothing referenced', async () => {
    const repo = await freshRepo();
    const config = join(repo.dir, 'gitota.yaml');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace('metadata_versions: 10', 'metadata_versions: 1'),
    );
    const doomed = await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'nightly',
      date: '20261120',
      datetime: 1795168800,
    });
    commitAll(repo.dir, 'retention 1');
    await publishAt(repo.dir, NOW);
    const hashedCopy = `builds/lynx/${doomed.sha256}.${doomed.id}.zip`;
    expect(treeOf(repo.remote, 'gh-pages').has(hashedCopy)).toBe(true);

    git(repo.dir, 'rm', '-q', doomed.file, doomed.zip);
    commitAll(repo.dir, 'remove it');
    const second = await publishAt(repo.dir, NOW + 60);
    if (second.outcome !== 'published') throw new Error(second.outcome);
    let tree = treeOf(repo.remote, 'gh-pages');
    expect(tree.has(`builds/lynx/${doomed.id}.zip`)).toBe(false);
    // Still named by the previous device-lynx version, which a client mid-update may hold.
    expect(tree.has(hashedCopy)).toBe(true);
    expectConsistentSite(repo.remote, 'gh-pages');

    await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'nightly',
      date: '20261121',
      datetime: 1795255200,
    });
    commitAll(repo.dir, 'another lynx build');
    const third = await publishAt(repo.dir, NOW + 120);
    if (third.outcome !== 'published') throw new Error(third.outcome);
    tree = treeOf(repo.remote, 'gh-pages');
    expect(tree.has(hashedCopy)).toBe(false);
    expect(third.files.removed).toContain(hashedCopy);
    expect(tree.has('metadata/1.device-lynx.json')).toBe(false);
    expect(tree.has('metadata/1.root.json')).toBe(true);
    expectConsistentSite(repo.remote, 'gh-pages');
  });
});
