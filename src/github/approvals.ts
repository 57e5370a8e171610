import { compareStrings } from '../diagnostics/diagnostic.js';
import type { GitotaConfig, RepoPath } from '../model/types.js';
import { describeRequirements, mostApprovals, requirementOf } from '../plan/policy-rules.js';
import type { ApprovalRequirement } from '../plan/policy-types.js';
import { gitText, runGit } from '../git/run-git.js';
import { GitHubApiError } from './errors.js';
import type { GitHubApi, PullRequest } from './github-api.js';
import type { PolicyDecision } from './policy-approvals.js';
import { createPullJudge, type PullJudge } from './pull-judge.js';

/**
 * The approval gate of a publish (DESIGN §5): for each release on a protected
 * channel that would be published, find the merged pull request that brought
 * its file and count the approvals on it. Releases without enough are held
 * back; nothing else is affected. An I/O edge (git and GitHub); the counting
 * itself is review-quorum.ts.
 */

/** A release that needs approval before it is published (a plan's ReleaseChange fits). */
export interface ApprovalCandidate {
  file: RepoPath;
  id: string;
  device: string;
  romtype: string;
  /** The quorums its pull request must meet (the plan's ReleaseChange.requirements); absent: `config`'s channel policy. */
  requirements?: ApprovalRequirement[];
}

export type ApprovalOutcome =
  | 'approved'
  /** The pull request has fewer valid approvals than the channel asks for. */
  | 'not-enough'
  /** No merged pull request into the branch brought the file (a direct push). */
  | 'no-pull-request'
  /** A pull request was found, but the file at head is not what it merged. */
  | 'content-differs'
  /** GitHub could not be asked. */
  | 'unreachable';

export interface ApprovalDecision extends ApprovalCandidate {
  required: number;
  outcome: ApprovalOutcome;
  approvedBy: string[];
  /** The commit that last touched the file. */
  commit?: string;
  pullRequest?: { number: number; url: string };
  /** One sentence for the summary and the annotation. */
  reason: string;
}

export interface ApprovalReport {
  /** Sorted by file. */
  decisions: ApprovalDecision[];
  /** Files of the releases held back, sorted. */
  held: RepoPath[];
  /** Set when GitHub could not be asked: every candidate is held and the run must fail. */
  failure?: GitHubApiError;
  /** The verdict on the plan's change to the policy, when it has one. */
  policy?: PolicyDecision;
}

export interface CheckApprovalsOptions {
  /** A clone holding `head` and the history of the branch. */
  repoDir: string;
  /** The commit being published. */
  head: string;
  /** The branch pull requests must have been merged into (e.g. `main`). */
  branch: string;
  /** For candidates without requirements: their channel's policy here. */
  config?: Pick<GitotaConfig, 'channels'>;
  candidates: readonly ApprovalCandidate[];
  api: GitHubApi;
  /** Shares GitHub's answers with other checks of the same run (default: a judge of its own). */
  judge?: PullJudge;
}

export async function checkApprovals(options: CheckApprovalsOptions): Promise<ApprovalReport> {
  const candidates = [...new Map(options.candidates.map((c) => [c.file, c])).values()].sort(
    (a, b) => compareStrings(a.file, b.file),
  );
  const judge = options.judge ?? createPullJudge(options.api);
  const requirementsOf = (c: ApprovalCandidate): ApprovalRequirement[] =>
    c.requirements ??
    (options.config
      ? [requirementOf('head', options.head, c.romtype, options.config.channels[c.romtype])].filter(
          (r): r is ApprovalRequirement => r !== undefined,
        )
      : []);

  const decisions: ApprovalDecision[] = [];
  try {
    for (const candidate of candidates)
      decisions.push(await decide(candidate, requirementsOf(candidate)));
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    // Fail closed: without GitHub's answer no protected release may go out.
    const held = candidates.map((c): ApprovalDecision => ({
      ...pick(c),
      required: mostApprovals(requirementsOf(c)),
      outcome: 'unreachable',
      approvedBy: [],
      reason: `GitHub could not be asked for its approvals (${error.message}); it is held back until a run can ask`,
    }));
    return { decisions: held, held: held.map((d) => d.file), failure: error };
  }
  return { decisions, held: decisions.filter((d) => d.outcome !== 'approved').map((d) => d.file) };

  async function decide(
    candidate: ApprovalCandidate,
    requirements: ApprovalRequirement[],
  ): Promise<ApprovalDecision> {
    const required = mostApprovals(requirements);
    const base = { ...pick(candidate), required, approvedBy: [] as string[] };
    if (requirements.length === 0)
      return {
        ...base,
        outcome: 'approved',
        reason: `channel ${candidate.romtype} needs no approval`,
      };
    const commit = await lastCommitTouching(options.repoDir, options.head, candidate.file);
    if (commit === undefined)
      return {
        ...base,
        outcome: 'no-pull-request',
        reason: `no commit up to ${options.head.slice(0, 7)} touches ${candidate.file}`,
      };
    const merged = await judge.mergedPullsOf(commit, options.branch);
    if (merged.length === 0) {
      return {
        ...base,
        commit,
        outcome: 'no-pull-request',
        reason: `commit ${commit.slice(0, 7)} reached ${options.branch} without a merged pull request; a release on ${candidate.romtype} needs ${describeRequirements(requirements)} on one`,
      };
    }
    // The most recently merged pull request that merged exactly this file: never an unrelated one.
    merged.sort(
      (a, b) => compareStrings(b.mergedAt ?? '', a.mergedAt ?? '') || b.number - a.number,
    );
    const headBlob = await blobAt(options.repoDir, options.head, candidate.file);
    let brought: PullRequest | undefined;
    for (const pull of merged) {
      if (
        pull.mergeCommitSha !== null &&
        headBlob !== undefined &&
        (await blobAt(options.repoDir, pull.mergeCommitSha, candidate.file)) === headBlob
      ) {
        brought = pull;
        break;
      }
    }
    const first = merged[0]!;
    if (brought === undefined) {
      return {
        ...base,
        commit,
        pullRequest: { number: first.number, url: first.htmlUrl },
        outcome: 'content-differs',
        reason: `${candidate.file} at ${options.head.slice(0, 7)} is not what pull request #${first.number} merged; it needs a pull request of its own`,
      };
    }
    const judgement = await judge.judge(requirements, brought);
    const pullRequest = { number: brought.number, url: brought.htmlUrl };
    if (judgement.enough) {
      return {
        ...base,
        commit,
        pullRequest,
        approvedBy: judgement.approvedBy,
        outcome: 'approved',
        reason: `approved on #${brought.number} by ${judgement.approvedBy.join(', ')}`,
      };
    }
    return {
      ...base,
      commit,
      pullRequest,
      approvedBy: judgement.approvedBy,
      outcome: 'not-enough',
      reason: judgement.shortfall,
    };
  }
}

/** Held-back releases of one report, as plain candidates for the next run. */
export function heldCandidates(report: ApprovalReport): ApprovalCandidate[] {
  return report.decisions.filter((d) => d.outcome !== 'approved').map(pick);
}

function pick(c: ApprovalCandidate): ApprovalCandidate {
  return { file: c.file, id: c.id, device: c.device, romtype: c.romtype };
}

/** `git log -1 HEAD -- file`: the commit that brought the file's current content (history simplified, as git shows it). */
export async function lastCommitTouching(
  repoDir: string,
  head: string,
  file: RepoPath,
): Promise<string | undefined> {
  // Literal: a file named `r[12].yaml` must not match `r1.yaml`, whose approved pull request would then vouch for it.
  const sha = await gitText(['--literal-pathspecs', 'log', '-1', '--format=%H', head, '--', file], {
    cwd: repoDir,
  });
  return sha === '' ? undefined : sha;
}

async function blobAt(
  repoDir: string,
  commit: string,
  file: RepoPath,
): Promise<string | undefined> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', `${commit}:${file}`], {
    cwd: repoDir,
    allowExit: [1, 128],
  });
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
}
