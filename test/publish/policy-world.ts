import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runAction } from '../../src/action/run-action.js';
import { createMemoryReporter } from '../../src/action/workflow-commands.js';
import { BASE_URL, release } from '../github/content-fixture.js';
import { createGitFixture, type GitFixture } from '../github/git-fixture.js';
import { startGitHubStandIn, type GitHubStandIn } from '../support/github-api.js';

/**
 * A content repository with a published site, for the policy-in-force tests:
 * real git with a bare remote, the Action's publish run in-process, and the
 * GitHub stand-in on 127.0.0.1 for pull requests and reviews. Every case starts
 * from the same published baseline (main and gh-pages are put back after it).
 */

export const REPOSITORY = 'example/fleet';
const TOKEN = 'ghs_policy-test-token';

/** gitota.yaml with the channels block given as lines; `channels:` is line 5, the first channel line 6. */
export function config(channelLines: readonly string[]): string {
  return [
    '# yaml-language-server: $schema=schemas/gitota.schema.json',
    'site:',
    `  base_url: ${BASE_URL}`,
    '  title: Test fleet',
    'channels:',
    ...channelLines,
    '',
  ].join('\n');
}

/** The policy in force: nightly free, stable 2 of alice, bob and carol (stable is line 8, its approvals 9, its approvers 10). */
export const BASE_CHANNELS = [
  '  nightly:',
  '    approvals: 0',
  '  stable:',
  '    approvals: 2',
  '    approvers:',
  '      users: [alice, bob, carol]',
];

export const WORKFLOW = '.github/workflows/publish.yml';
export const WORKFLOW_TEXT =
  'name: publish\non:\n  push:\n    branches: [main]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: example/gitota@v1\n';

export const rollout = (percent: number) => `rollout:\n  percent: ${percent}\n  salt: r1-rollout\n`;

/** The baseline content: one device, the stable release r1 at a 25 % rollout, a workflow and a trust/ note. */
export function baselineContent(): Record<string, string> {
  return {
    'gitota.yaml': config(BASE_CHANNELS),
    'devices/bacon.yaml': 'model: bacon\noem: OnePlus\nname: One\n',
    ...release('r1', 'stable', 1_700_000_000, 'stable build one', rollout(25)),
    [WORKFLOW]: WORKFLOW_TEXT,
    'trust/README.md': 'Root keys are offline; new roots come here by pull request.\n',
  };
}

export interface PullRequestSpec {
  files?: Record<string, string>;
  remove?: string[];
  /** Logins that approve the pull request's head (or, with `olderCommit`, its first commit). */
  approvals?: string[];
  author?: string;
  /** Pushed straight to main, no pull request. */
  direct?: boolean;
  /** Two commits; the approvals are given on the first one only. */
  olderCommit?: boolean;
}

export interface PolicyWorld {
  repo: GitFixture;
  remote: string;
  server: GitHubStandIn;
  /** main and gh-pages of the published baseline. */
  baseline: { main: string; pages: string };
  land(spec: PullRequestSpec): { number?: number; head: string; landed: string };
  publish(now: number, mode?: 'publish' | 'refresh'): Promise<ActionRun>;
  check(now: number, baseSha: string): Promise<ActionRun>;
  pagesTip(): string;
  /** Puts main and gh-pages back to the baseline. */
  reset(): void;
  close(): Promise<void>;
}

export interface ActionRun {
  code: number;
  log: string;
  summary: string;
  outputs: Map<string, string>;
  /** `severity code file:line` of every annotation that names a file. */
  annotations: string[];
}

let nextNumber = 100;

export async function createPolicyWorld(prefix: string): Promise<PolicyWorld> {
  const server = await startGitHubStandIn();
  server.state.token = TOKEN;
  const repo = await createGitFixture(prefix);
  const remote = `${repo.dir}-remote.git`;
  const scratch = await mkdtemp(join(tmpdir(), `${prefix}events-`));
  repo.git('init', '-q', '--bare', remote);
  repo.git('remote', 'add', 'origin', remote);
  repo.commit('start', { 'README.md': 'fleet\n' });

  const write = (spec: PullRequestSpec, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
      writeFileSync(join(repo.dir, path), text);
    }
    for (const path of spec.remove ?? [])
      rmSync(join(repo.dir, path), { recursive: true, force: true });
    repo.git('add', '-A');
  };

  const world: PolicyWorld = {
    repo,
    remote,
    server,
    baseline: { main: '', pages: '' },
    land(spec) {
      if (spec.direct) {
        write(spec, spec.files ?? {});
        repo.git('commit', '-q', '--allow-empty', '-m', 'direct push');
        const sha = repo.git('rev-parse', 'HEAD');
        return { head: sha, landed: sha };
      }
      const number = nextNumber++;
      repo.git('checkout', '-q', '-b', `topic-${number}`, 'main');
      const commits: string[] = [];
      if (spec.olderCommit) {
        write(spec, { ...spec.files, 'notes/draft.md': `draft of #${number}\n` });
        repo.git('commit', '-q', '-m', `#${number} draft`);
        commits.push(repo.git('rev-parse', 'HEAD'));
        write({}, { 'notes/draft.md': `final #${number}\n` });
      } else {
        write(spec, spec.files ?? {});
      }
      repo.git('commit', '-q', '--allow-empty', '-m', `#${number}`);
      commits.push(repo.git('rev-parse', 'HEAD'));
      const head = commits[commits.length - 1]!;
      repo.git('checkout', '-q', 'main');
      repo.git('merge', '-q', '--no-ff', '-m', `Merge #${number}`, `topic-${number}`);
      const merge = repo.git('rev-parse', 'HEAD');
      const at = 1_700_000_000 + number * 100;
      server.state.pulls.push({
        number,
        author: spec.author ?? 'dave',
        headSha: head,
        baseRef: 'main',
        mergedAt: at,
        mergeCommitSha: merge,
      });
      for (const c of [...commits, merge]) server.state.commitPulls.set(c, [number]);
      const approvedOn = spec.olderCommit ? commits[0]! : head;
      server.state.reviews.set(
        number,
        (spec.approvals ?? []).map((user, i) => ({
          user,
          state: 'APPROVED' as const,
          commitId: approvedOn,
          submittedAt: at - 50 + i,
        })),
      );
      return { number, head, landed: merge };
    },
    publish: (now, mode = 'publish') =>
      run(now, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', INPUT_MODE: mode }, {}),
    check: (now, baseSha) =>
      run(
        now,
        { GITHUB_EVENT_NAME: 'pull_request', INPUT_MODE: 'plan' },
        {
          pull_request: {
            number: 999,
            base: { sha: baseSha, repo: { full_name: REPOSITORY } },
            head: { sha: repo.git('rev-parse', 'HEAD'), repo: { full_name: REPOSITORY } },
          },
        },
      ),
    pagesTip: () => repo.git('--git-dir', remote, 'rev-parse', 'refs/heads/gh-pages'),
    reset() {
      repo.git('reset', '-q', '--hard', world.baseline.main);
      repo.git('clean', '-qfdx', '-e', '.gitota');
      repo.git('--git-dir', remote, 'update-ref', 'refs/heads/gh-pages', world.baseline.pages);
    },
    async close() {
      await server.close();
      await repo.cleanup();
      await rm(remote, { recursive: true, force: true });
      await rm(scratch, { recursive: true, force: true });
    },
  };

  async function run(now: number, env: Record<string, string>, event: unknown): Promise<ActionRun> {
    const eventPath = join(scratch, `event-${nextNumber++}.json`);
    await writeFile(eventPath, JSON.stringify(event));
    const reporter = createMemoryReporter();
    const code = await runAction({
      env: {
        GITHUB_WORKSPACE: repo.dir,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: server.url,
        INPUT_TOKEN: TOKEN,
        'INPUT_DEV-KEYS': 'true',
        'INPUT_API-RETRIES': '0',
        SOURCE_DATE_EPOCH: String(now),
        ...env,
      },
      reporter,
      now: () => now,
    });
    const log = reporter.log.join('\n');
    const annotations = [
      ...log.matchAll(
        /^::(error|warning|notice) file=([^,]*),line=(\d+),col=\d+,title=[^:]*::(GITOTA\d+) /gm,
      ),
    ].map((m) => `${m[1]} ${m[4]} ${m[2]}:${m[3]}`);
    return {
      code,
      log,
      summary: reporter.summaries.join('\n'),
      outputs: reporter.outputs,
      annotations,
    };
  }

  // The baseline: r1 on stable, brought by a pull request two approvers approved, published first.
  world.land({ files: baselineContent(), approvals: ['alice', 'bob'] });
  const first = await world.publish(1_700_900_000);
  if (first.code !== 0 || first.outputs.get('held-releases') !== '')
    throw new Error(`the baseline did not publish:\n${first.log}\n${first.summary}`);
  world.baseline = { main: repo.git('rev-parse', 'HEAD'), pages: world.pagesTip() };
  return world;
}
