import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KEY_INPUTS } from '../../src/action/action-inputs.js';

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
    const source = (await Promise.all(['src/action/action-inputs.ts', 'src/action/run-publish.ts'].map((p) => readFile(join(root, p), 'utf8')))).join('\n');
    const used = new Set([...source.matchAll(/readInput\(env, '([a-z-]+)'\)/g)].map((m) => m[1] as string));
    for (const name of Object.keys(KEY_INPUTS)) used.add(name);
    expect([...used].filter((n) => !(n in inputs))).toEqual([]);
    expect(Object.keys(inputs).filter((n) => !used.has(n))).toEqual([]);
    for (const [name, input] of Object.entries(inputs)) expect(input.description, name).toMatch(/\w{3}/);
    const outputs = Object.keys(action.outputs as Yaml).sort();
    expect(outputs).toEqual(['changed-files', 'held-releases', 'site-url']);
    for (const name of outputs) expect(source).toContain(`output('${name}'`);
  });
});

describe('workflows', () => {
  it('pr.yml: pull_request and merge_group only, least privilege, no secrets', async () => {
    const text = await readFile(join(root, '.github/workflows/pr.yml'), 'utf8');
    const w = parse(text) as Yaml;
    expect(Object.keys(w.on as Yaml).sort()).toEqual(['merge_group', 'pull_request']);
    expect(w.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    expect(code).not.toMatch(/pull_request_target|secrets\./);
    for (const job of Object.values(jobsOf(w))) expect(job.permissions).toBeUndefined();
  });

  it('publish.yml: push to main and manual runs, one at a time, keys only in the protected environment', async () => {
    const w = await load('.github/workflows/publish.yml');
    expect(w.on).toMatchObject({ push: { branches: ['main'] }, workflow_dispatch: {} });
    expect(w.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(w.permissions).toEqual({ contents: 'write', 'pull-requests': 'read' });
    const jobs = jobsOf(w);
    const withSecrets = Object.entries(jobs).filter(([, job]) => JSON.stringify(job).includes('secrets.'));
    expect(withSecrets.map(([name]) => name)).toEqual(['publish']);
    expect(jobs.publish?.environment).toBe('release');
    expect(jobs['build-packs']?.strategy).toEqual({ matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}' });
  });

  it('refresh.yml: scheduled, in the pages group, keys from the protected environment', async () => {
    const w = await load('.github/workflows/refresh.yml');
    expect((w.on as Yaml).schedule).toBeInstanceOf(Array);
    expect(w.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(jobsOf(w).refresh?.environment).toBe('release');
  });

  it('update-check.yml: scheduled, the action by reference in update-check mode, a pull-request token input', async () => {
    const w = await load('.github/workflows/update-check.yml');
    expect((w.on as Yaml).schedule).toBeInstanceOf(Array);
    expect(w.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const steps = (jobsOf(w).check?.steps ?? []) as Yaml[];
    const action = steps.find((s) => s.uses === './');
    expect(action?.with).toMatchObject({ mode: 'update-check' });
    expect(String((action?.with as Yaml)['pull-request-token'])).toContain('steps.app-token.outputs.token');
  });

  it('ci.yml: the tests and the dist check', async () => {
    const text = await readFile(join(root, '.github/workflows/ci.yml'), 'utf8');
    expect(text).toContain('npm test');
    expect(text).toContain('node scripts/check-dist.mjs');
    expect((parse(text) as Yaml).permissions).toEqual({ contents: 'read' });
  });
});
