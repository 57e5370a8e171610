import { describe, expect, it } from 'vitest';
import type { Content, Release } from '../model/types.js';
import type { Plan, ReleaseChange } from '../plan/plan-types.js';
import { approvalCandidates } from './approval-gate.js';

const change = (id: string, needsApproval: boolean): ReleaseChange => ({
  kind: 'release',
  id,
  device: 'bacon',
  romtype: 'stable',
  file: `releases/bacon/${id}.yaml`,
  change: 'added',
  status: 'published',
  fields: [],
  approvalsRequired: 1,
  requirements: [{ source: 'head', channel: 'stable', approvals: 1 }],
  needsApproval,
  waitsForPolicy: false,
  reason: '',
});
const release = (id: string, romtype: string, status: Release['status']) =>
  ({ id, device: 'bacon', romtype, status, file: `releases/bacon/${id}.yaml` }) as Release;
const plan = (releases: ReleaseChange[]): Plan => ({
  base: 'a',
  head: 'b',
  releases,
  entities: [],
  otherFiles: [],
  rebuildAll: false,
  outputs: [],
  roles: [],
  packs: [],
  policy: { inForce: null, inForceReadable: true, headReadable: true },
});
const content = (releases: Release[]) =>
  ({
    config: { channels: { stable: { approvals: 1 }, nightly: { approvals: 0 } } },
    releases,
  }) as unknown as Content;

describe('approvalCandidates', () => {
  it('asks about what the plan marks, and about held releases still waiting on a protected channel', () => {
    const c = content([
      release('a', 'stable', 'published'),
      release('b', 'stable', 'published'),
      release('c', 'stable', 'paused'),
      release('d', 'nightly', 'published'),
    ]);
    const held = ['b', 'c', 'd', 'gone'].map((id) => ({
      file: `releases/bacon/${id}.yaml`,
      id,
      reason: 'earlier',
    }));
    expect(
      approvalCandidates(plan([change('a', true), change('x', false)]), c, held).map((r) => r.id),
    ).toEqual(['a', 'b']);
  });

  it('does not ask about a held release the plan now says needs no approval (it was paused)', () => {
    const c = content([release('b', 'stable', 'published')]);
    expect(
      approvalCandidates(plan([change('b', false)]), c, [
        { file: 'releases/bacon/b.yaml', id: 'b', reason: '' },
      ]),
    ).toEqual([]);
  });
});
