import { describe, expect, it } from 'vitest';
import type { ChannelPolicy } from '../model/types.js';
import { planPolicy, waitsForPolicy } from './plan-policy.js';
import {
  DEFAULT_REQUIREMENT,
  policyChangeRequirements,
  releaseRequirements,
  sameChannelRules,
} from './policy-rules.js';
import type { PolicyInput, PolicySnapshot } from './policy-types.js';
import { actionRootsOf, protectedKindOf } from './protected-paths.js';

const snapshot = (commit: string, channels: Record<string, ChannelPolicy>): PolicySnapshot => ({
  readable: true,
  commit,
  channels,
});
const unreadable = (commit: string): PolicySnapshot => ({
  readable: false,
  commit,
  why: 'GITOTA004 at line 3: YAML syntax error',
});
const STABLE: ChannelPolicy = { approvals: 2, approvers: { users: ['alice', 'bob', 'carol'] } };
const published = snapshot('p'.repeat(40), { nightly: { approvals: 0 }, stable: STABLE });
/** `null`: nothing published yet. */
const config = (head: PolicySnapshot, inForce: PolicySnapshot | null = published): PolicyInput => ({
  ...(inForce !== null ? { inForce } : {}),
  head,
  protectedChanges: [{ path: 'gitota.yaml', kind: 'config', change: 'changed' }],
});
const counts = (input: PolicyInput, romtype: string) =>
  releaseRequirements(input, romtype).map(
    (r) => `${r.source}:${r.approvals}:${(r.approvers?.users ?? []).join(',')}`,
  );

describe('the stricter of two policies', () => {
  it('keeps the published quorum when head lowers the approvals', () => {
    expect(
      counts(config(snapshot('h', { stable: { ...STABLE, approvals: 0 } })), 'stable'),
    ).toEqual(['published:2:alice,bob,carol']);
    expect(
      counts(config(snapshot('h', { stable: { ...STABLE, approvals: 1 } })), 'stable'),
    ).toEqual(['published:2:alice,bob,carol']);
  });

  it("takes head's quorum when head raises the approvals", () => {
    expect(
      counts(config(snapshot('h', { stable: { ...STABLE, approvals: 3 } })), 'stable'),
    ).toEqual(['head:3:alice,bob,carol']);
  });

  it('asks for both quorums when the approvers differ, so an added approver never counts alone', () => {
    const widened = snapshot('h', {
      stable: { approvals: 2, approvers: { users: ['alice', 'bob', 'carol', 'mallory'] } },
    });
    expect(counts(config(widened), 'stable')).toEqual([
      'published:2:alice,bob,carol',
      'head:2:alice,bob,carol,mallory',
    ]);
  });

  it('ignores the case and order of logins, and descriptions', () => {
    expect(
      sameChannelRules(STABLE, {
        approvals: 2,
        description: 'x',
        approvers: { users: ['Carol', 'alice', 'bob', 'bob'] },
      }),
    ).toBe(true);
    expect(
      sameChannelRules(STABLE, {
        approvals: 2,
        approvers: { users: ['alice', 'bob'], teams: ['x/y'] },
      }),
    ).toBe(false);
  });

  it("uses head's policy on a first publish, and the default where no policy can be read", () => {
    expect(counts(config(snapshot('h', { stable: STABLE }), null), 'stable')).toEqual([
      'head:2:alice,bob,carol',
    ]);
    expect(releaseRequirements(config(unreadable('h'), null), 'stable')).toEqual([
      DEFAULT_REQUIREMENT,
    ]);
    expect(
      counts(config(snapshot('h', { nightly: { approvals: 0 } }), unreadable('p')), 'nightly'),
    ).toEqual(['default:1:']);
    expect(policyChangeRequirements(unreadable('p'))).toEqual([DEFAULT_REQUIREMENT]);
  });
});

describe('planPolicy', () => {
  it('names each changed channel where it shows at head, and asks for every protected channel in force', () => {
    const head: PolicySnapshot = {
      readable: true,
      commit: 'h',
      channels: { nightly: { approvals: 0 }, stabel: { approvals: 0 }, fast: { approvals: 0 } },
      positions: {
        '/channels/stabel': { line: 8, column: 3 },
        '/channels/fast': { line: 10, column: 3 },
      },
      channelsAt: { line: 5, column: 1 },
    };
    const plan = planPolicy(config(head));
    expect(plan.change?.channels).toEqual({
      added: ['fast', 'stabel'],
      removed: ['stable'],
      changed: [],
    });
    expect(plan.change?.files.map((f) => `${f.line}:${f.what}`)).toEqual([
      '5:channel stable removed (was 2 approvals from alice, bob, carol)',
      '8:channel stabel added (0 approvals)',
      '10:channel fast added (0 approvals)',
    ]);
    expect(plan.change?.requirements).toEqual([
      {
        source: 'published',
        channel: 'stable',
        commit: published.commit,
        approvals: 2,
        approvers: { users: ['alice', 'bob', 'carol'] },
      },
    ]);
    expect(waitsForPolicy(plan, 'stabel')).toBe(true);
    expect(waitsForPolicy(plan, 'nightly')).toBe(false);
  });

  it('says nothing for a config change that leaves the channels as they were, and nothing on a first publish', () => {
    expect(
      planPolicy(
        config(
          snapshot('h', {
            stable: { ...STABLE, description: 'new words' },
            nightly: { approvals: 0 },
          }),
        ),
      ).change,
    ).toBeUndefined();
    expect(
      planPolicy({
        head: unreadable('h'),
        protectedChanges: [{ path: 'trust/x', kind: 'trust', change: 'added' }],
      }),
    ).toEqual({ inForce: null, inForceReadable: true, headReadable: false });
  });

  it('takes every channel as changed when gitota.yaml cannot be read at either side', () => {
    const plan = planPolicy(config(unreadable('h')));
    expect(plan.change?.files[0]?.what).toMatch(/^gitota.yaml cannot be read at head/);
    expect(waitsForPolicy(plan, 'nightly')).toBe(true);
  });

  it('needs no approval when the policy in force protects nothing', () => {
    const plan = planPolicy({
      inForce: snapshot('p', { nightly: { approvals: 0 } }),
      head: snapshot('h', { nightly: { approvals: 0 } }),
      protectedChanges: [{ path: '.github/workflows/x.yml', kind: 'workflow', change: 'added' }],
    });
    expect(plan.change).toMatchObject({ needsApproval: false, requirements: [] });
  });
});

describe('protected paths', () => {
  it('are gitota.yaml, trust/, the workflows and local actions, and what a held action.yml runs', () => {
    const roots = actionRootsOf({
      runs: { using: 'node24', main: 'dist/index.js', post: './cleanup.js', pre: '../escape.js' },
    });
    expect(roots).toEqual(['cleanup.js', 'dist']);
    const kinds = [
      'gitota.yaml',
      'trust',
      'trust/roots/2.root.json',
      '.github/workflows/publish.yml',
      '.github/actions/a/action.yml',
      'action.yml',
      'dist/index.js',
      'dist',
      'cleanup.js',
      'distant/x',
      'releases/a/b.yaml',
      '.github/CODEOWNERS',
    ].map((p) => protectedKindOf(p, roots) ?? '-');
    expect(kinds).toEqual([
      'config',
      'trust',
      'trust',
      'workflow',
      'workflow',
      'action',
      'action',
      'action',
      'action',
      '-',
      '-',
      '-',
    ]);
    expect(actionRootsOf('runs: x')).toEqual([]);
  });
});
