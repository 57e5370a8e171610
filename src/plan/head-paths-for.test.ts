import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffCommits } from './diff-commits.js';
import { gatherPlanInput } from './gather-plan-input.js';
import { headPathsFor } from './head-paths-for.js';
import { loadCommitContent } from './load-commit-content.js';
import { planChanges } from './plan-changes.js';

const EXAMPLE = resolve(import.meta.dirname, '../..');
const COPIED = [
  'gitota.yaml',
  'devices',
  'releases',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
  'files',
];
const RELEASE = 'releases/FP4/lineage-22.1-20261025-nightly-FP4-signed.yaml';

let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  await writeFile(join(repo, path), change(await readFile(join(repo, path), 'utf8')));
}

/** Commits a change and returns [base, head]. */
async function commit(change: () => Promise<void>): Promise<[string, string]> {
  const base = git('rev-parse', 'HEAD');
  await change();
  git('add', '-A');
  git('commit', '-q', '-m', 'change');
  return [base, git('rev-parse', 'HEAD')];
}

/** The plan from the few head files headPathsFor names, and from the whole head model. */
async function bothPlans(base: string, head: string): Promise<[string, string]> {
  const selective = planChanges(await gatherPlanInput(repo, base, head));
  const whole = planChanges(
    await gatherPlanInput(repo, base, head, {
      headContent: (await loadCommitContent(repo, head)).content,
    }),
  );
  return [JSON.stringify(selective, null, 1), JSON.stringify(whole, null, 1)];
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'gitota-head-paths-'));
  for (const path of COPIED) await cp(join(EXAMPLE, path), join(repo, path), { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'content');
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

const CHANGES: Array<[string, () => Promise<void>]> = [
  [
    'add a release',
    async () => {
      const text = await readFile(join(repo, RELEASE), 'utf8');
      const next = text
        .replace(/20261025/g, '20261101')
        .replace(/^datetime: (\d+)$/m, (_, d: string) => `datetime: ${Number(d) + 7 * 86_400}`);
      await writeFile(join(repo, RELEASE.replace('20261025', '20261101')), next);
    },
  ],
  ['pause a release', () => appendFile(join(repo, RELEASE), 'status: paused\n')],
  [
    'rename a release file',
    () =>
      rename(
        join(repo, 'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml'),
        join(repo, 'releases/FP4/renamed.yaml'),
      ),
  ],
  [
    'remove a release',
    () => rm(join(repo, 'releases/FP4/lineage-22.1-20261027-stable-FP4-signed.yaml')),
  ],
  [
    'change an app',
    () =>
      edit('apps/org.gitota.example.clock/versions.yaml', (t) =>
        t.replace('versionName: 2.0.0', 'versionName: 2.0.1'),
      ),
  ],
  [
    'change app metadata',
    () => appendFile(join(repo, 'apps/org.gitota.example.dice.yml'), 'AuthorName: Someone Else\n'),
  ],
  [
    'change a package-list',
    () =>
      edit('package-lists/package-list-A.yaml', (t) =>
        t.replace('version: "1.4.0"', 'version: "1.4.1"'),
      ),
  ],
  ['change update-locations', () => edit('update-locations/fleet-abc.yaml', (t) => `${t}\n`)],
  ['change a pack', () => appendFile(join(repo, 'packs/hello-world.yaml'), '# touched\n')],
];

describe('headPathsFor', () => {
  it.each(CHANGES)('gives the plan of the whole model: %s', async (_, change) => {
    const [base, head] = await commit(change);
    const changes = await diffCommits(repo, base, head);
    expect(changes.length).toBeGreaterThan(0);
    expect(headPathsFor(changes)).toBeDefined();
    const [selective, whole] = await bothPlans(base, head);
    expect(selective).toBe(whole);
    expect(JSON.parse(selective).outputs.length).toBeGreaterThan(0);
  });

  it('reads the whole model for config, device and payload changes', () => {
    expect(headPathsFor([{ status: 'modified', path: 'gitota.yaml' }])).toBeUndefined();
    expect(headPathsFor([{ status: 'modified', path: 'devices/FP4.yaml' }])).toBeUndefined();
    expect(headPathsFor([{ status: 'modified', path: 'files/FP4/x.zip' }])).toBeUndefined();
    expect(
      headPathsFor([
        { status: 'renamed', oldPath: 'devices/FP4.yaml', path: 'releases/FP4/x.yaml' },
      ]),
    ).toBeUndefined();
    expect(headPathsFor([{ status: 'modified', path: 'apps/a.b.yml' }])).toEqual({
      paths: ['gitota.yaml', 'apps/a.b.yml', 'apps/a.b/versions.yaml'],
      folders: [],
    });
  });
});
