import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { pullRequestEvent } from '../support/action-events.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';
import { baseContent, release } from './content-fixture.js';
import { createGitFixture, type GitFixture } from './git-fixture.js';

/**
 * The plan comment as a reviewer reads it: the Action's check mode on a real
 * repository, GitHub at the stand-in, the comment's bytes as written.
 */

const REPOSITORY = 'example/fleet';
let server: GitHubStandIn;
let dir: string;
const fixtures: GitFixture[] = [];

beforeAll(async () => {
  server = await startGitHubStandIn(createGitHubState(REPOSITORY));
  dir = await mkdtemp(join(tmpdir(), 'gitota-plan-comment-'));
});
afterAll(async () => {
  await server.close();
  for (const f of fixtures) await f.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** gitota.yaml with stable needing 2 approvals from alice\\, bob or team example\\/release. */
function twoApprovals(): Record<string, string> {
  const content = baseContent();
  content['gitota.yaml'] = (content['gitota.yaml'] ?? '').replace(
    '    approvals: 1\n    approvers:\n      users: [alice]\n',
    '    approvals: 2\n    approvers:\n      users: [alice, bob]\n      teams: [example/release]\n',
  );
  return content;
}

/** A stable release of bacon downloaded from `url`, rolled out to `percent` %. */
function urlRelease(
  id: string,
  url: string,
  bytes: string,
  percent: number,
): Record<string, string> {
  return {
    [`releases/bacon/${id}.yaml`]: [
      'device: bacon',
      'version: "21.0"',
      'romtype: stable',
      'datetime: 1700100000',
      `filename: ${id}.zip`,
      `url: ${url}`,
      `sha256: "${sha256(bytes)}"`,
      `size: ${bytes.length}`,
      'os_sdk_level: 34',
      'os_patch_level: "2023-11-05"',
      'rollout:',
      `  percent: ${percent}`,
      '  salt: s1',
      '',
    ].join('\n'),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function check(repo: GitFixture, number: number, base: string, head: string) {
  const eventPath = join(dir, `event-${number}.json`);
  await writeFile(eventPath, JSON.stringify(pullRequestEvent(REPOSITORY, number, base, head)));
  const reporter = createMemoryReporter();
  const code = await runAction({
    env: {
      GITHUB_WORKSPACE: repo.dir,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_API_URL: server.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      INPUT_TOKEN: 'ghs_test',
      SOURCE_DATE_EPOCH: '1700500000',
    },
    reporter,
    now: () => 1_700_500_000,
  });
  const comments = server.state.comments.get(number) ?? [];
  return { code, reporter, comment: comments[comments.length - 1]?.body ?? '' };
}

describe('the plan comment', () => {
  it('shows each change field by field, the removal, the policy and the approvals so far, and keeps the approval block with a validation error', async () => {
    const repo = await createGitFixture();
    fixtures.push(repo);
    const base = repo.commit('base', {
      ...twoApprovals(),
      ...urlRelease('r2', 'https://dl.example.org/old/r2.zip', 'old build', 25),
    });
    repo.git('checkout', '-q', '-b', 'topic');
    repo.git('rm', '-q', 'releases/bacon/r1.yaml');
    const head = repo.commit('rollout wider, new zip, a typo', {
      ...urlRelease('r2', 'https://dl.example.org/new/r2.zip', 'new build!', 50),
      ...release('r3', 'stabel', 1_700_200_000, 'third build'),
    });
    server.state.pulls.push({
      number: 7,
      author: 'dave',
      headSha: head,
      baseRef: 'main',
      state: 'open',
    });
    server.state.reviews.set(7, [
      { user: 'alice', state: 'APPROVED', commitId: head, submittedAt: 1_700_300_000 },
      { user: 'bob', state: 'APPROVED', commitId: base, submittedAt: 1_700_300_100 },
      { user: 'dave', state: 'APPROVED', commitId: head, submittedAt: 1_700_300_200 },
    ]);

    const { code, comment } = await check(repo, 7, base, head);
    expect(code).toBe(1);
    const diff = (path: string, line: number) =>
      `https://github.com/example/fleet/pull/7/files#diff-${sha256(path)}R${line}`;
    const needs =
      '2 approvals from alice\\, bob or team example\\/release \\(stable\\, policy in force at ' +
      base.slice(0, 7) +
      '\\)';
    expect(comment).toBe(
      [
        '<!-- gitota-plan -->',
        `## gitota plan \`${base.slice(0, 12)}\`..\`${head.slice(0, 12)}\``,
        '',
        '**Releases:** 1 added, 1 changed, 1 removed. **Other content:** 0 changes. **Site files:** ' +
          /\*\*Site files:\*\* (\d+)/.exec(comment)?.[1] +
          '.',
        '',
        '[The workflow run](https://github.com/example/fleet/actions/runs/4242) has the log and the job summary.',
        '',
        '> [!IMPORTANT]',
        '> 2 releases on protected channels need approval before they are published:',
        `> - \`r2\` (\`bacon\`, \`stable\`): ${needs}. So far: 1 of 2 on ${head.slice(0, 7)} \\(alice\\); not counted\\: bob \\(approved an older commit \\(${base.slice(0, 7)}\\)\\, not the merged head ${head.slice(0, 7)}\\)\\, dave \\(the author of the pull request\\).`,
        `> - \`r3\` (\`bacon\`, \`stabel\`): ${needs} \\(not a channel of gitota\\.yaml\\: judged by every protected channel\\). So far: 1 of 2 on ${head.slice(0, 7)} \\(alice\\); not counted\\: bob \\(approved an older commit \\(${base.slice(0, 7)}\\)\\, not the merged head ${head.slice(0, 7)}\\)\\, dave \\(the author of the pull request\\).`,
        '',
        '### Findings',
        '',
        '1 error, 0 warnings, 0 notices.',
        '',
        `- ❌ **Unknown channel** [\`releases/bacon/r3.yaml:3:10\`](${diff('releases/bacon/r3.yaml', 3)}): GITOTA112 ${/GITOTA112 ([^\n]*)/.exec(comment)?.[1]}`,
        /\n( {2}\*hint:\*[^\n]*)\n/.exec(comment)?.[1],
        '',
        '### Releases',
        '',
        '| | Release | Device | Channel | Status | What changed | Approval |',
        '|---|---|---|---|---|---|---|',
        '| ➖ removed | `r1` | `bacon` | nightly | removed \\(was published\\) | — | — |',
        `| ✏️ changed | \`r2\` | \`bacon\` | stable | published | rollout: \`25 %\` → \`50 %\`<br>url: \`https://dl.example.org/old/r2.zip\` → \`https://dl.example.org/new/r2.zip\`<br>sha256: \`${sha256('old build').slice(0, 8)}…${sha256('old build').slice(-8)}\` → \`${sha256('new build!').slice(0, 8)}…${sha256('new build!').slice(-8)}\`<br>size: \`9 bytes\` → \`10 bytes\` | ⏳ needs 2\\, 1 of 2 on ${head.slice(0, 7)} \\(alice\\) so far |`,
        `| ➕ added | \`r3\` | \`bacon\` | stabel \\(not a channel of gitota\\.yaml\\) | published | rollout: \`100 % (no rollout)\`<br>version: \`21.0\`<br>url: \`repository file files/bacon/r3.zip\`<br>sha256: \`${sha256('third build').slice(0, 8)}…${sha256('third build').slice(-8)}\`<br>size: \`11 bytes\` | ⏳ needs 2\\, 1 of 2 on ${head.slice(0, 7)} \\(alice\\) so far |`,
        '',
      ].join('\n') +
        comment.slice(
          comment.includes('\n### Packs')
            ? comment.indexOf('\n### Packs')
            : comment.indexOf('\n<details>'),
        ),
    );
  });
});
