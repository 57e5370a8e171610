import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { release } from '../github/content-fixture.js';
import {
  BASE_CHANNELS,
  config,
  createPolicyWorld,
  rollout,
  type PolicyWorld,
} from './policy-world.js';

/**
 * The policy in force is the published one (DESIGN §5): releases are judged by
 * the stricter of the policy the site was published from and head's, and a
 * change to the policy needs the approvals of the policy it replaces. Real git
 * with a bare remote, the Action in-process, GitHub's REST API as the stand-in.
 */

let world: PolicyWorld;

beforeAll(async () => {
  world = await createPolicyWorld('gitota-policy-');
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
const show = (path: string) =>
  world.repo.git('--git-dir', world.remote, 'show', `gh-pages:${path}`);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const MANIFEST = 'v1/bacon/stable.json';
const weakenAndWiden = () => ({
  'gitota.yaml': config(stable(0)),
  ...release('r1', 'stable', 1_700_000_000, 'stable build one', rollout(100)),
});

async function planJson(base: string): Promise<{ code: number; plan: Plan; err: string }> {
  const io = memoryIo({ cwd: world.repo.dir, env: { SOURCE_DATE_EPOCH: '1700950000' } });
  const code = await runCli(['plan', '--base', base, '--json'], io);
  return { code, plan: JSON.parse(io.out.join('')) as Plan, err: io.err.join('') };
}

describe('the policy in force', () => {
  it('holds a pull request that lowers its own bar, and every plan names the policy change', async () => {
    world.land({ files: weakenAndWiden() });

    // The pull request's check plans against the published policy: the release needs 2, not "—".
    const check = await world.check(1_700_950_000, world.baseline.main);
    expect(check.code, check.log).toBe(0);
    expect(check.summary).toContain('**This changes the approval policy.**');
    expect(check.summary).toMatch(
      /\| `r1` \| `bacon` \| stable \| published \| [^|]* \| ⏳ needs 2\\; waits for the policy change \|/,
    );
    expect(check.annotations).toContain('warning GITOTA538 gitota.yaml:9');

    // `gitota plan --json` says the same, and prints the finding as compiler-style text.
    const { code, plan, err } = await planJson(world.baseline.main);
    expect(code).toBe(0);
    expect(plan.policy.change?.files).toEqual([
      {
        path: 'gitota.yaml',
        kind: 'config',
        change: 'changed',
        what: 'channel stable: 2 approvals from alice, bob, carol → 0 approvals from alice, bob, carol',
        line: 9,
        column: 5,
      },
    ]);
    expect(plan.policy.change?.requirements).toEqual([
      {
        source: 'published',
        channel: 'stable',
        commit: world.baseline.main,
        approvals: 2,
        approvers: { users: ['alice', 'bob', 'carol'] },
      },
    ]);
    expect(plan.releases[0]).toMatchObject({
      id: 'r1',
      needsApproval: true,
      approvalsRequired: 2,
      waitsForPolicy: true,
    });
    expect(err).toContain(
      'gitota.yaml:9:5: warning GITOTA538 this changes the approval policy (channel stable: 2 approvals from alice, bob, carol → 0 approvals',
    );

    // The publish holds it all and reports why, in the summary and the outputs.
    const run = await world.publish(1_700_950_100);
    expect(run.code, run.log).toBe(0);
    expect(world.pagesTip()).toBe(world.baseline.pages);
    expect(run.summary).toContain('### Policy change');
    expect(run.summary).toContain('held back, nothing published');
    expect(run.outputs.get('held-releases')).toBe('releases/bacon/r1.yaml');
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        'warning GITOTA535 gitota.yaml:9',
        'warning GITOTA530 releases/bacon/r1.yaml:1',
      ]),
    );
  });

  it('publishes the change once the approvers of the policy in force approve it (a late review counts on the next run)', async () => {
    const pr = world.land({ files: weakenAndWiden(), approvals: ['alice'] });
    expect((await world.publish(1_700_950_200)).annotations).toContain(
      'warning GITOTA535 gitota.yaml:9',
    );
    expect(world.pagesTip()).toBe(world.baseline.pages);
    world.server.state.reviews
      .get(pr.number!)
      ?.push({ user: 'bob', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_950_250 });
    const run = await world.publish(1_700_950_300);
    expect(run.code, run.log).toBe(0);
    expect(world.pagesTip()).not.toBe(world.baseline.pages);
    expect(run.outputs.get('held-releases')).toBe('');
    expect(run.summary).toContain('the policy change is approved');
    expect(show(MANIFEST)).toContain('"percent": 100');
  });

  it('does not count a newly added approver for the change that adds them, and counts them once it is published', async () => {
    const widen = world.land({
      files: { 'gitota.yaml': config(stable(1, '[alice, bob, carol, mallory]')) },
      approvals: ['mallory'],
    });
    const held = await world.publish(1_700_950_400);
    expect(held.annotations).toContain('warning GITOTA535 gitota.yaml:9');
    expect(held.summary).toContain('mallory: not a listed approver');
    // Two old approvers approve the widening: it is the policy in force from then on.
    world.server.state.reviews
      .get(widen.number!)
      ?.push(
        { user: 'alice', state: 'APPROVED', commitId: widen.head, submittedAt: 1_700_950_450 },
        { user: 'bob', state: 'APPROVED', commitId: widen.head, submittedAt: 1_700_950_451 },
      );
    expect((await world.publish(1_700_950_500)).outputs.get('held-releases')).toBe('');
    // Now mallory's approval alone publishes a stable release.
    world.land({
      files: release('r2', 'stable', 1_700_100_000, 'r2 by mallory'),
      approvals: ['mallory'],
    });
    const run = await world.publish(1_700_950_600);
    expect(run.outputs.get('held-releases')).toBe('');
    expect(show(MANIFEST)).toContain(sha('r2 by mallory'));
  });

  it('judges the releases of a change that makes the policy stricter by the stricter head policy', async () => {
    const pr = world.land({
      files: {
        'gitota.yaml': config(stable(3)),
        ...release('r2', 'stable', 1_700_100_000, 'r2 under three'),
      },
      approvals: ['alice', 'bob'],
    });
    const run = await world.publish(1_700_950_700);
    // The change itself has the 2 approvals the policy in force asks for; its release needs head's 3.
    expect(run.code, run.log).toBe(0);
    expect(world.pagesTip()).not.toBe(world.baseline.pages);
    expect(run.outputs.get('held-releases')).toBe('releases/bacon/r2.yaml');
    expect(run.annotations).toContain('warning GITOTA530 releases/bacon/r2.yaml:1');
    expect(show(MANIFEST)).not.toContain(sha('r2 under three'));
    world.server.state.reviews
      .get(pr.number!)
      ?.push({ user: 'carol', state: 'APPROVED', commitId: pr.head, submittedAt: 1_700_950_750 });
    expect((await world.publish(1_700_950_800)).outputs.get('held-releases')).toBe('');
    expect(show(MANIFEST)).toContain(sha('r2 under three'));
  });

  it('holds a new channel that needs no approval, and its release, until the policy in force approves the channel', async () => {
    world.land({
      files: {
        'gitota.yaml': config([...BASE_CHANNELS, '  fast:', '    approvals: 0']),
        ...release('r2', 'fast', 1_700_100_000, 'fast build'),
      },
    });
    const run = await world.publish(1_700_950_900);
    expect(world.pagesTip()).toBe(world.baseline.pages);
    expect(run.annotations).toEqual(
      expect.arrayContaining([
        'warning GITOTA535 gitota.yaml:12',
        'warning GITOTA539 releases/bacon/r2.yaml:1',
      ]),
    );
  });

  it('fails, publishing nothing, when gitota.yaml does not parse at head, and the plan says head has no readable policy', async () => {
    world.land({ files: { 'gitota.yaml': `${config(stable(0))}channels: [again\n` } });
    const run = await world.publish(1_700_951_000);
    expect(run.code).toBe(1);
    expect(world.pagesTip()).toBe(world.baseline.pages);
    const check = await world.check(1_700_951_000, world.baseline.main);
    expect(check.code).toBe(1);
    expect(check.annotations).toEqual(
      expect.arrayContaining([
        'warning GITOTA542 gitota.yaml:1',
        'warning GITOTA538 gitota.yaml:1',
      ]),
    );
    expect(check.summary).toContain('gitota.yaml cannot be read at head');
  });

  it('is not a policy change when only descriptions or the order of channels change, or when a held change is reverted', async () => {
    world.land({
      files: {
        'gitota.yaml': config([
          '  stable:',
          '    description: Tested builds.',
          '    approvers:',
          '      users: [Carol, bob, alice]',
          '    approvals: 2',
          '  nightly:',
          '    approvals: 0',
        ]),
      },
    });
    const run = await world.publish(1_700_951_100);
    expect(run.code, run.log).toBe(0);
    expect(run.summary).not.toContain('Policy change');
    expect(world.pagesTip()).not.toBe(world.baseline.pages);

    world.reset();
    world.land({ files: { 'gitota.yaml': config(stable(0)) } });
    expect((await world.publish(1_700_951_200)).summary).toContain('held back, nothing published');
    world.land({ files: { 'gitota.yaml': config(BASE_CHANNELS) } });
    const reverted = await world.publish(1_700_951_300);
    expect(reverted.summary).not.toContain('Policy change');
    expect(world.pagesTip()).not.toBe(world.baseline.pages);
  });

  it('holds, and fails the run, when GitHub cannot be asked about the policy change', async () => {
    world.land({ files: { 'gitota.yaml': config(stable(0)) }, approvals: ['alice', 'bob'] });
    world.server.state.down = true;
    try {
      const run = await world.publish(1_700_951_400);
      expect(run.code).toBe(1);
      expect(run.annotations).toContain('error GITOTA537 gitota.yaml:9');
      expect(world.pagesTip()).toBe(world.baseline.pages);
    } finally {
      world.server.state.down = false;
    }
  });

  it('re-signs the published site at its own commit on a scheduled refresh while a policy change waits', async () => {
    world.land({ files: weakenAndWiden() });
    const before = JSON.parse(show('metadata/timestamp.json')) as { signed: { version: number } };
    const run = await world.publish(1_701_000_000, 'refresh');
    expect(run.code, run.log).toBe(0);
    expect(run.summary).toContain('the site was re-signed at the commit it was published from');
    expect(world.pagesTip()).not.toBe(world.baseline.pages);
    const after = JSON.parse(show('metadata/timestamp.json')) as { signed: { version: number } };
    expect(after.signed.version).toBeGreaterThan(before.signed.version);
    // Still the published commit's content: r1 at 25 %, the state's source unchanged.
    expect(show(MANIFEST)).toContain('"percent": 25');
    expect((JSON.parse(show('gitota-state.json')) as { source: string }).source).toBe(
      world.baseline.main,
    );
  });
});
