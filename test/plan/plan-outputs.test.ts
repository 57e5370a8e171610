import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../src/formats/format.js';
import { gatherPlanInput } from '../../src/plan/gather-plan-input.js';
import { planChanges } from '../../src/plan/plan-changes.js';
import { buildSite } from '../../src/publish/build-site.js';
import { validateRepository } from '../../src/validate/index.js';
import { makeTestKeyRing } from '../support/keys.js';
import {
  addRelease,
  commitAll,
  git,
  makeContentRepo,
  type ContentRepo,
} from '../publish/content-repo.js';

const NOW = 1795200000;
const HASHED = /(^|\/)[0-9a-f]{64}\./;

let repo: ContentRepo;
let worktrees: string;

beforeAll(async () => {
  repo = await makeContentRepo();
  worktrees = await mkdtemp(join(tmpdir(), 'gitota-plan-wt-'));
});
afterAll(async () => {
  await repo?.cleanup();
  await rm(worktrees, { recursive: true, force: true });
});

async function siteAt(commit: string): Promise<Map<string, string>> {
  const dir = join(worktrees, commit);
  git(repo.dir, 'worktree', 'add', '-q', '--detach', dir, commit);
  const built = await buildSite(dir, (root, o) => validateRepository(root, o), {
    now: NOW,
    keys: makeTestKeyRing(),
    releaseAssetBaseUrl: 'https://github.com/example/content/releases/download/',
  });
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new Map(
    built.files.map((f: OutputFile) => [
      f.path,
      f.bytes !== undefined ? createHash('sha256').update(f.bytes).digest('hex') : f.sha256,
    ]),
  );
}

/** Fixed-name files that differ between two builds (added, removed or rewritten). */
function changedFixedNames(a: Map<string, string>, b: Map<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths]
    .filter((p) => !p.startsWith('metadata/') && !HASHED.test(p) && a.get(p) !== b.get(p))
    .sort();
}

describe('the plan names every site file a change rewrites (checked against two real builds)', () => {
  it('for added, pulled and removed releases, a changed list and a changed app', async () => {
    const base = git(repo.dir, 'rev-parse', 'HEAD');
    await addRelease(repo.dir, {
      device: 'lynx',
      version: '22.2',
      romtype: 'stable',
      date: '20261120',
      datetime: 1795168800,
    });
    await addRelease(repo.dir, {
      device: 'a52q',
      version: '22.1',
      romtype: 'nightly',
      date: '20261119',
      datetime: 1795082400,
    });
    await appendFile(
      join(repo.dir, 'releases/oriole/lineage-22.2-20261101-nightly-oriole-signed.yaml'),
      'status: pulled\n',
    );
    git(repo.dir, 'rm', '-q', 'releases/bacon/lineage-21.0-20260705-nightly-bacon-signed.yaml');
    const list = join(repo.dir, 'package-lists/package-list-B.yaml');
    await writeFile(
      list,
      (await readFile(list, 'utf8')).replace(/title: (.*)/, 'title: $1 (renamed)'),
    );
    const app = join(repo.dir, 'apps/org.gitota.example.dice.yml');
    await writeFile(
      app,
      (await readFile(app, 'utf8')).replace(
        'Summary: Roll up to ten dice',
        'Summary: Roll up to twelve dice',
      ),
    );
    const head = commitAll(repo.dir, 'change');
    const plan = planChanges(await gatherPlanInput(repo.dir, base, head));
    const changed = changedFixedNames(await siteAt(base), await siteAt(head));
    expect(changed.length).toBeGreaterThan(5);
    expect(changed).toContain('apps/org.gitota.example.dice.html');
    expect(changed).toContain('tomtom/fleet-abc/package-list.package-list-B');
    expect(changed.filter((p) => !plan.outputs.includes(p))).toEqual([]);
  });
});
