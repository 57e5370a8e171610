import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOctokitApi } from '../../src/github/octokit-api.js';
import { PLAN_COMMENT_MARKER, upsertStickyComment } from '../../src/github/sticky-comment.js';
import {
  createGitHubState,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-api.js';

let server: GitHubStandIn;
const api = () =>
  createOctokitApi({ repository: 'example/fleet', baseUrl: server.url, token: 't', retries: 0 });

beforeAll(async () => {
  server = await startGitHubStandIn(createGitHubState('example/fleet'));
});
afterAll(() => server.close());
beforeEach(() => {
  server.state.comments = new Map();
  server.state.writable = true;
  server.requests.length = 0;
});

describe('upsertStickyComment', () => {
  it('creates the comment once, then edits it in place', async () => {
    server.state.pulls = [{ number: 7, author: 'dave', headSha: 'a'.repeat(40), baseRef: 'main' }];
    const first = await upsertStickyComment(api(), 7, '## Plan\none release');
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(api(), 7, '## Plan\ntwo releases');
    expect(second.action).toBe('updated');
    const third = await upsertStickyComment(api(), 7, '## Plan\ntwo releases');
    expect(third.action).toBe('unchanged');
    const comments = server.state.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${PLAN_COMMENT_MARKER}\n## Plan\ntwo releases`);
    expect(
      server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`),
    ).toEqual([
      'POST /repos/example/fleet/issues/7/comments',
      `PATCH /repos/example/fleet/issues/comments/${comments[0]?.id}`,
    ]);
  });

  it("finds its comment on a later page, and never edits a person's comment that quotes the marker", async () => {
    server.state.comments.set(8, [
      ...Array.from({ length: 120 }, (_, i) => ({ id: 1 + i, body: `chat ${i}`, user: 'someone' })),
      { id: 500, body: `${PLAN_COMMENT_MARKER}\nfake`, user: 'mallory' },
      {
        id: 501,
        body: `${PLAN_COMMENT_MARKER}\nold plan`,
        user: 'github-actions[bot]',
        userType: 'Bot' as const,
      },
    ]);
    const result = await upsertStickyComment(api(), 8, 'new plan');
    expect(result).toMatchObject({ action: 'updated', comment: { id: 501 } });
    expect(server.state.comments.get(8)?.find((c) => c.id === 500)?.body).toBe(
      `${PLAN_COMMENT_MARKER}\nfake`,
    );
  });

  it('skips quietly when the token may not write (a fork pull request)', async () => {
    server.state.writable = false;
    const result = await upsertStickyComment(api(), 9, 'plan');
    expect(result.action).toBe('skipped');
    expect(server.state.comments.get(9)).toBeUndefined();
  });
});
