import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { baseContent, release } from './content-fixture.js';
import { createGitFixture, type GitFixture } from './git-fixture.js';

/** The Action's logic in-process, with the in-memory reporter: the paths the bundle test does not walk. */

let repo: GitFixture;
let dir: string;
let base: string;

beforeAll(async () => {
  repo = await createGitFixture();
  base = repo.commit('base', baseContent());
  repo.commit('group', release('r2', 'nightly', 1_700_100_000, 'queued build'));
  dir = await mkdtemp(join(tmpdir(), 'gitota-run-action-'));
});
afterAll(async () => {
  await repo.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function run(env: Record<string, string>, event: unknown = {}) {
  const eventPath = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(eventPath, JSON.stringify(event));
  const reporter = createMemoryReporter();
  const code = await runAction({
    env: {
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_EVENT_PATH: eventPath,
      SOURCE_DATE_EPOCH: '1700500000',
      ...env,
    },
    reporter,
    now: () => 1_700_500_000,
  });
  return { code, reporter };
}

describe('runAction', () => {
  it('plans a merge group against its base, with no comment to write', async () => {
    const { code, reporter } = await run(
      { GITHUB_EVENT_NAME: 'merge_group' },
      { merge_group: { base_sha: base, head_sha: repo.git('rev-parse', 'HEAD') } },
    );
    expect(code).toBe(0);
    expect(reporter.summaries.join('')).toContain(`## gitota plan \`${base.slice(0, 12)}\``);
    expect(reporter.summaries.join('')).toContain('`r2`');
    expect(reporter.summaries.join('')).toContain('No errors or warnings.');
  });

  it('validates only in validate mode', async () => {
    const { code, reporter } = await run(
      { GITHUB_EVENT_NAME: 'pull_request', INPUT_MODE: 'validate' },
      { pull_request: { number: 3, base: { sha: base }, head: { sha: base } } },
    );
    expect(code).toBe(0);
    expect(reporter.summaries.join('')).not.toContain('gitota plan');
    expect(reporter.log.join('\n')).toContain('0 errors, 0 warnings');
  });

  it('says how to fix a clone without the base commit', async () => {
    const { code, reporter } = await run(
      { GITHUB_EVENT_NAME: 'merge_group' },
      { merge_group: { base_sha: 'f'.repeat(40) } },
    );
    expect(code).toBe(1);
    expect(reporter.log.join('\n')).toMatch(
      /::error title=gitota plan::cannot plan against the base commit ffffffffffff.*fetch-depth: 0/,
    );
  });

  it('masks secrets before refusing a bad input', async () => {
    const { code, reporter } = await run({
      GITHUB_EVENT_NAME: 'push',
      INPUT_MODE: 'deploy',
      INPUT_TOKEN: 'ghs_secret',
      'INPUT_TIMESTAMP-KEY': 'c2VjcmV0',
    });
    expect(code).toBe(1);
    expect(reporter.masked.sort()).toEqual(['c2VjcmV0', 'ghs_secret']);
    expect(reporter.log.join('\n')).toContain(
      'input mode must be one of auto, validate, plan, publish, refresh',
    );
  });

  it('refuses to publish when it cannot ask GitHub for approvals', async () => {
    const { code, reporter } = await run({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      'INPUT_DEV-KEYS': 'true',
    });
    expect(code).toBe(1);
    expect(reporter.log.join('\n')).toContain('publishing needs GITHUB_REPOSITORY and a token');
  });
});
