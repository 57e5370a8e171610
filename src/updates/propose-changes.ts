import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { validateRepository } from '../validate/index.js';
import type { PullRequestsApi } from '../github/github-api.js';
import type { CommitIdentity } from './commit-files.js';
import type { Proposal } from './outcome.js';
import { proposePullRequest } from './pull-requests.js';
import type { ProposalResult } from './summary.js';
import { diagnosticKey, writeWorkTreeFiles } from './validate-proposal.js';

/**
 * What happens to the proposals of a run: written into the work tree (the
 * CLI's default, like `fdroid checkupdates`), or one pull request each. In
 * both, a proposal that brings validation errors is not made.
 */

export async function writeProposals(
  root: string,
  proposals: readonly Proposal[],
  before: readonly Diagnostic[],
  now: number,
): Promise<{ results: ProposalResult[]; diagnostics: Diagnostic[] }> {
  const restores = new Map<Proposal, () => Promise<void>>();
  for (const p of proposals) restores.set(p, await writeWorkTreeFiles(root, p.files));
  const known = new Set(before.map(diagnosticKey));
  const after = (await validateRepository(root, { now })).diagnostics.filter(
    (d) => d.severity === 'error' && !known.has(diagnosticKey(d)),
  );
  const results: ProposalResult[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of proposals) {
    const brought = after.filter((d) => p.files.has(d.file));
    if (brought.length > 0) {
      await restores.get(p)?.();
      diagnostics.push(...brought, refusal(p, brought));
      results.push({
        kind: p.kind,
        id: p.id,
        action: `not written: it brings ${brought.length} validation error${brought.length === 1 ? '' : 's'}`,
      });
    } else
      results.push({
        kind: p.kind,
        id: p.id,
        action: `written: ${[...p.files.keys()].join(', ')}`,
      });
  }
  return { results, diagnostics };
}

function refusal(p: Proposal, brought: readonly Diagnostic[]): Diagnostic {
  const file = [...p.files.keys()][0] ?? '';
  return {
    code: 'GITOTA631',
    severity: 'error',
    message: `${p.id}: ${p.title} is not proposed: it brings ${brought.map((d) => d.code).join(', ')}`,
    file,
    line: 1,
    column: 1,
  };
}

export interface PullRequestSettings {
  repo: string;
  remote: string;
  base: string;
  baseBranch: string;
  api: PullRequestsApi;
  who: CommitIdentity;
  now: number;
}

export async function openPullRequests(
  settings: PullRequestSettings,
  proposals: readonly Proposal[],
  before: readonly Diagnostic[],
): Promise<{ results: ProposalResult[]; diagnostics: Diagnostic[] }> {
  const results: ProposalResult[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of proposals) {
    const r = await proposePullRequest({ ...settings, baseDiagnostics: before }, p);
    const file = [...p.files.keys()][0] ?? '';
    if (r.action === 'refused') {
      diagnostics.push(...r.diagnostics, refusal(p, r.diagnostics));
      results.push({ kind: p.kind, id: p.id, action: 'not proposed: it brings validation errors' });
    } else if (r.action === 'failed') {
      diagnostics.push({
        code: r.code,
        severity: 'error',
        message: `${p.id}: ${r.message}`,
        file,
        line: 1,
        column: 1,
      });
      results.push({ kind: p.kind, id: p.id, action: `failed: ${r.message}` });
    } else if (r.action === 'rejected-before') {
      diagnostics.push({
        code: 'GITOTA632',
        severity: 'notice',
        message: `${p.id}: ${p.keyLabel} was proposed in #${r.number}, closed unmerged; it is proposed again only when a newer version appears`,
        file,
        line: 1,
        column: 1,
      });
      results.push({
        kind: p.kind,
        id: p.id,
        action: `not proposed: rejected in #${r.number}`,
        url: r.url,
      });
    } else results.push({ kind: p.kind, id: p.id, action: `${r.action} #${r.number}`, url: r.url });
  }
  return { results, diagnostics };
}
