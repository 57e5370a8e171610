import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { release } from '../github/content-fixture.js';
import {
  BASE_CHANNELS,
  config,
  createPolicyWorld,
  rollout,
  WORKFLOW,
  WORKFLOW_TEXT,
  type PolicyWorld,
  type PullRequestSpec,
} from './policy-world.js';

/**
 * Hostile pull requests against the policy in force (DESIGN §5): each tries to
 * lower the bar it is judged by, or to slip a change of who may publish past
 * the reviewers of the policy it replaces. Every one is held: the Action's
 * publish run exits 0, publishes nothing (gh-pages does not move), and says
 * why on the line that changes the policy, with the code of the reason.
 */

let world: PolicyWorld;

beforeAll(async () => {
  world = await createPolicyWorld('gitota-policy-hostile-');
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.reset());

const stable = (approvals: number, users = '[alice, bob, carol]') => [
  '  nightly:',
  '    approvals: 0',
  '  stable:',
  `    approvals: ${approvals}`,
  '    approvers:',
  `      users: ${users}`,
];
const r2 = (romtype: string) => release('r2', romtype, 1_700_100_000, `r2 on ${romtype}`);

interface HostileCase {
  name: string;
  prs: PullRequestSpec[];
  /** `severity code file:line` of every finding of the approval gate: the policy change (535–541) and the releases it holds (530, 503, 539). */
  expected: string[];
}

const CASES: HostileCase[] = [
  {
    name: 'sets stable.approvals to 0 and widens a stable rollout from 25 % to 100 %, approved by nobody',
    prs: [
      {
        files: {
          'gitota.yaml': config(stable(0)),
          ...release('r1', 'stable', 1_700_000_000, 'stable build one', rollout(100)),
        },
      },
    ],
    expected: [
      'warning GITOTA535 gitota.yaml:9',
      'warning GITOTA530 releases/bacon/r1.yaml:1',
      'warning GITOTA539 releases/bacon/r1.yaml:1',
    ],
  },
  {
    name: 'lowers stable to 1 approval and adds a stable release, approved by one listed approver',
    prs: [{ files: { 'gitota.yaml': config(stable(1)), ...r2('stable') }, approvals: ['alice'] }],
    expected: [
      'warning GITOTA535 gitota.yaml:9',
      'warning GITOTA530 releases/bacon/r2.yaml:1',
      'warning GITOTA539 releases/bacon/r2.yaml:1',
    ],
  },
  {
    name: 'adds mallory as an approver, and mallory approves (with one old approver) the change that added them',
    prs: [
      {
        files: {
          'gitota.yaml': config(stable(2, '[alice, bob, carol, mallory]')),
          ...r2('stable'),
        },
        approvals: ['mallory', 'alice'],
      },
    ],
    expected: [
      'warning GITOTA535 gitota.yaml:10',
      'warning GITOTA530 releases/bacon/r2.yaml:1',
      'warning GITOTA539 releases/bacon/r2.yaml:1',
    ],
  },
  {
    name: 'replaces every approver with the author’s friends, who approve',
    prs: [
      {
        files: { 'gitota.yaml': config(stable(2, '[mallory, trudy]')), ...r2('stable') },
        approvals: ['mallory', 'trudy'],
      },
    ],
    expected: [
      'warning GITOTA535 gitota.yaml:10',
      'warning GITOTA530 releases/bacon/r2.yaml:1',
      'warning GITOTA539 releases/bacon/r2.yaml:1',
    ],
  },
  {
    name: 'removes the stable channel and moves its release to the unprotected nightly',
    prs: [
      {
        files: {
          'gitota.yaml': config(['  nightly:', '    approvals: 0']),
          ...release('r1', 'nightly', 1_700_000_000, 'stable build one'),
        },
      },
    ],
    expected: ['warning GITOTA535 gitota.yaml:5', 'warning GITOTA503 releases/bacon/r1.yaml:1'],
  },
  {
    name: 'renames stable to an unprotected "stabel" and moves the release there',
    prs: [
      {
        files: {
          'gitota.yaml': config([
            '  nightly:',
            '    approvals: 0',
            '  stabel:',
            '    approvals: 0',
          ]),
          ...release('r1', 'stabel', 1_700_000_000, 'stable build one', rollout(100)),
        },
      },
    ],
    expected: [
      'warning GITOTA535 gitota.yaml:5',
      'warning GITOTA535 gitota.yaml:8',
      'warning GITOTA503 releases/bacon/r1.yaml:1',
      'warning GITOTA539 releases/bacon/r1.yaml:1',
    ],
  },
  {
    name: 'adds a channel that needs no approval and puts a release on it',
    prs: [
      {
        files: {
          'gitota.yaml': config([...BASE_CHANNELS, '  fast:', '    approvals: 0']),
          ...r2('fast'),
        },
      },
    ],
    expected: [
      'warning GITOTA535 gitota.yaml:12',
      'warning GITOTA503 releases/bacon/r2.yaml:1',
      'warning GITOTA539 releases/bacon/r2.yaml:1',
    ],
  },
  {
    name: 'adds a root of its own to trust/',
    prs: [
      {
        files: {
          'trust/roots/2.root.json': '{"signed":{"_type":"root","version":2},"signatures":[]}\n',
        },
      },
    ],
    expected: ['warning GITOTA535 trust/roots/2.root.json:1'],
  },
  {
    name: 'edits the publish workflow (development keys, a base URL of its own)',
    prs: [
      {
        files: {
          [WORKFLOW]: `${WORKFLOW_TEXT}        with:\n          dev-keys: true\n          base-url: https://evil.example/\n`,
        },
      },
    ],
    expected: [`warning GITOTA535 ${WORKFLOW}:1`],
  },
  {
    name: 'adds a workflow of its own',
    prs: [
      {
        files: {
          '.github/workflows/exfiltrate.yml':
            'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: env\n',
        },
      },
    ],
    expected: ['warning GITOTA535 .github/workflows/exfiltrate.yml:1'],
  },
  {
    name: 'deletes the publish workflow',
    prs: [{ remove: [WORKFLOW] }],
    expected: [`warning GITOTA535 ${WORKFLOW}:1`],
  },
  {
    name: 'adds a local action the workflows could use',
    prs: [
      { files: { '.github/actions/sign/action.yml': 'runs:\n  using: composite\n  steps: []\n' } },
    ],
    expected: ['warning GITOTA535 .github/actions/sign/action.yml:1'],
  },
  {
    name: 'makes the repository hold an action.yml of its own',
    prs: [
      {
        files: {
          'action.yml': 'name: x\nruns:\n  using: node24\n  main: tools/run.js\n',
          'tools/run.js': 'console.log(1)\n',
        },
      },
    ],
    expected: ['warning GITOTA535 action.yml:1', 'warning GITOTA535 tools/run.js:1'],
  },
  {
    name: 'lowers the bar by a direct push, no pull request',
    prs: [{ files: { 'gitota.yaml': config(stable(0)) }, direct: true }],
    expected: ['warning GITOTA536 gitota.yaml:9'],
  },
  {
    name: 'lowers the bar, approved by two listed approvers of which one is its author',
    prs: [
      { files: { 'gitota.yaml': config(stable(0)) }, author: 'alice', approvals: ['alice', 'bob'] },
    ],
    expected: ['warning GITOTA535 gitota.yaml:9'],
  },
  {
    name: 'lowers the bar, approved by two listed approvers on an older commit of the pull request',
    prs: [
      {
        files: { 'gitota.yaml': config(stable(0)) },
        olderCommit: true,
        approvals: ['alice', 'bob'],
      },
    ],
    expected: ['warning GITOTA535 gitota.yaml:9'],
  },
  {
    name: 'lowers the bar unapproved, then rides under a later, approved pull request that touches gitota.yaml too',
    prs: [
      { files: { 'gitota.yaml': config(stable(0)) } },
      {
        files: { 'gitota.yaml': config([...stable(0), '  beta:', '    approvals: 1']) },
        approvals: ['alice', 'bob'],
      },
    ],
    expected: ['warning GITOTA535 gitota.yaml:9', 'warning GITOTA535 gitota.yaml:12'],
  },
];

describe('hostile pull requests against the policy in force', () => {
  it('has at least ten cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CASES)('holds: $name', async ({ prs, expected }) => {
    for (const pr of prs) world.land(pr);
    const run = await world.publish(1_700_950_000);
    expect(run.code, run.log).toBe(0);
    expect(world.pagesTip()).toBe(world.baseline.pages);
    expect(run.summary).toContain('held back, nothing published');
    // Nothing is published, so the held releases say why too: short of their own approvals (530), or only waiting (503).
    const policy = run.annotations.filter((a) => / GITOTA5\d\d /.test(a));
    expect(policy.sort()).toEqual([...expected].sort());
    expect(run.log).toMatch(/Nothing of [0-9a-f]{12} was published: a change to the policy/);
  });
});
