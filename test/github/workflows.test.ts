import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KEY_INPUTS } from '../../src/action/action-inputs.js';
import {
  GITOTA_ACTION_REPOSITORY,
  GITOTA_PACKAGE_VERSION,
  majorTagOf,
} from '../../src/cli/package-info.js';
import { renderWorkflows } from '../../src/init/render-workflows.js';

/** The workflows' and action.yml's promises, checked on the files themselves. */

const root = join(import.meta.dirname, '../..');
type Yaml = Record<string, unknown>;
const load = async (path: string) => parse(await readFile(join(root, path), 'utf8')) as Yaml;
const jobsOf = (w: Yaml) => w.jobs as Record<string, Yaml>;

describe('action.yml', () => {
  it('runs the committed node24 bundle and documents every input and output the code uses', async () => {
    const action = await load('action.yml');
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    const inputs = action.inputs as Record<string, { description?: string }>;
    const source = (
      await Promise.all(
        [
          'src/action/action-inputs.ts',
          'src/action/run-publish.ts',
          'src/action/run-pack-matrix.ts',
        ].map((p) => readFile(join(root, p), 'utf8')),
      )
    ).join('\n');
    const used = new Set([...source.matchAll(/readInput\(env, '([a-z-]+)'\)/g)].map((m) => m[1]!));
    for (const name of Object.keys(KEY_INPUTS)) used.add(name);
    expect([...used].filter((n) => !(n in inputs))).toEqual([]);
    expect(Object.keys(inputs).filter((n) => !used.has(n))).toEqual([]);
    for (const [name, input] of Object.entries(inputs))
      expect(input.description, name).toMatch(/\w{3}/);
    const outputs = Object.keys(action.outputs as Yaml).sort();
    expect(outputs).toEqual(['changed-files', 'held-releases', 'matrix', 'site-url']);
    for (const name of outputs) expect(source).toContain(`output('${name}'`);
  });
});

describe('workflows', () => {
  it('pr.yml: pull_request and merge_group only, least privilege, no secrets', async () => {
    const text = await readFile(join(root, '.github/workflows/pr.yml'), 'utf8');
    const w = parse(text) as Yaml;
    expect(Object.keys(w.on as Yaml).sort()).toEqual(['merge_group', 'pull_request']);
    expect(w.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const code = text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/pull_request_target|secrets\./);
    for (const job of Object.values(jobsOf(w))) expect(job.permissions).toBeUndefined();
  });

  it('publish.yml: push to main and manual runs, one at a time, keys only in the protected environment', async () => {
    const w = await load('.github/workflows/publish.yml');
    expect(w.on).toMatchObject({ push: { branches: ['main'] }, workflow_dispatch: {} });
    expect(w.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(w.permissions).toEqual({ contents: 'write', 'pull-requests': 'read' });
    const jobs = jobsOf(w);
    const withSecrets = Object.entries(jobs).filter(([, job]) =>
      JSON.stringify(job).includes('secrets.'),
    );
    expect(withSecrets.map(([name]) => name)).toEqual(['publish']);
    expect(jobs.publish?.environment).toBe('release');
    expect(jobs['build-packs']?.strategy).toEqual({
      matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}',
    });
  });

  it('refresh.yml: scheduled, in the pages group, keys from the protected environment', async () => {
    const w = await load('.github/workflows/refresh.yml');
    expect((w.on as Yaml).schedule).toBeInstanceOf(Array);
    expect(w.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(jobsOf(w).refresh?.environment).toBe('release');
  });

  it('update-check.yml: scheduled, the released action by reference in update-check mode, a pull-request token input', async () => {
    const w = await load('.github/workflows/update-check.yml');
    expect((w.on as Yaml).schedule).toBeInstanceOf(Array);
    expect(w.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const steps = (jobsOf(w).check?.steps ?? []) as Yaml[];
    const action = steps.find((s) => String(s.uses).startsWith(`${GITOTA_ACTION_REPOSITORY}@`));
    expect(action?.with).toMatchObject({ mode: 'update-check' });
    expect(String((action?.with as Yaml)['pull-request-token'])).toContain(
      'steps.app-token.outputs.token',
    );
  });

  it("ci.yml: the tests, the dist check, and this commit's action (uses: ./) on the example content", async () => {
    const text = await readFile(join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(text).toContain('npm test');
    expect(text).toContain('node scripts/check-dist.mjs');
    const w = parse(text) as Yaml;
    expect(w.permissions).toEqual({ contents: 'read' });
    const steps = jobsOf(w).action?.steps as Yaml[];
    expect(steps.find((s) => s.uses === './')?.with).toEqual({ mode: 'validate' });
    expect(JSON.stringify(steps)).not.toMatch(/setup-node|npm /);
  });

  it('the content workflows are exactly what `gitota init` writes: the released action by reference, nothing else', async () => {
    const action = {
      repository: GITOTA_ACTION_REPOSITORY,
      ref: majorTagOf(GITOTA_PACKAGE_VERSION) ?? 'main',
    };
    for (const workflow of renderWorkflows(action)) {
      const text = await readFile(join(root, workflow.path), 'utf8');
      expect(
        text,
        `${workflow.path} differs from what gitota init writes (src/init/render-workflows.ts)`,
      ).toBe(workflow.text);
      const code = text
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('#'))
        .join('\n');
      // Nothing a content repository lacks: no package.json, no source tree, no Node set-up.
      expect(code).not.toMatch(/npx|npm |setup-node|uses: \.\/|scripts\/|node /);
      const uses = [...code.matchAll(/uses: (\S+)/g)]
        .map((m) => m[1]!)
        .filter((u) => !u.startsWith('actions/'));
      expect(new Set(uses)).toEqual(new Set([`${action.repository}@${action.ref}`]));
    }
  });

  it('publish.yml gets the pack matrix and the shard builds from the action, not from the CLI', async () => {
    const jobs = jobsOf(await load('.github/workflows/publish.yml'));
    const step = (job: string, mode: string) =>
      (jobs[job]?.steps as Yaml[]).find((s) => (s.with as Yaml | undefined)?.mode === mode);
    expect(step('plan', 'matrix')?.id).toBe('matrix');
    expect(jobs.plan?.outputs).toEqual({ matrix: '${{ steps.matrix.outputs.matrix }}' });
    expect(step('build-packs', 'build-packs')?.with).toEqual({
      mode: 'build-packs',
      shard: '${{ matrix.shard }}',
      'packs-path': '_packs',
    });
  });

  it('release.yml: by hand on main; refuses a stale dist/ and a used tag before tagging vX.Y.Z and moving vX', async () => {
    const w = await load('.github/workflows/release.yml');
    expect(Object.keys(w.on as Yaml)).toEqual(['workflow_dispatch']);
    const steps = jobsOf(w).release?.steps as Yaml[];
    const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(String(s.run ?? '')));
    const tagging = at(/git tag -a "\$TAG"/);
    expect(at(/node scripts\/release-tags\.mjs/)).toBeGreaterThan(-1);
    expect(at(/node scripts\/check-dist\.mjs/)).toBeGreaterThan(-1);
    expect(at(/npm test/)).toBeGreaterThan(-1);
    for (const check of [/release-tags/, /check-dist/, /npm test/, /npm pack/])
      expect(at(check)).toBeLessThan(tagging);
    expect(String(steps[tagging]?.run)).toContain('git tag -f -a "$MAJOR"');
    expect(String(steps[tagging]?.run)).toContain('git push --force origin "refs/tags/$MAJOR"');
  });
});

describe('scripts/release-tags.mjs', () => {
  it("names the tags of package.json's version, and refuses one already tagged or a branch other than main", async () => {
    const repo = await mkdtemp(join(tmpdir(), 'gitota-release-'));
    try {
      const git = (...args: string[]) =>
        spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
          cwd: repo,
          encoding: 'utf8',
        });
      git('init', '-q', '-b', 'main');
      git('commit', '-q', '--allow-empty', '-m', 'one');
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [join(root, 'scripts/release-tags.mjs'), ...args], {
          cwd: repo,
          encoding: 'utf8',
        });
      const major = majorTagOf(GITOTA_PACKAGE_VERSION);
      expect(run().stdout).toBe(
        `tag=v${GITOTA_PACKAGE_VERSION}\nmajor=${major}\ntarball=gitota-${GITOTA_PACKAGE_VERSION}.tgz\n`,
      );
      git('checkout', '-q', '-b', 'topic');
      expect(run().status).toBe(1);
      expect(run().stderr).toContain('releases are made from main, not topic');
      git('tag', `v${GITOTA_PACKAGE_VERSION}`);
      const tagged = run('--allow-branch');
      expect(tagged.status).toBe(1);
      expect(tagged.stderr).toContain(`v${GITOTA_PACKAGE_VERSION} is tagged already`);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
