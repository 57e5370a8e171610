import { compareStrings } from '../diagnostics/diagnostic.js';
import type { ChannelPolicy, GitotaConfig, RepoPath } from '../model/types.js';
import { gitText, runGit } from '../git/run-git.js';
import { GitHubApiError } from './errors.js';
import { parseRepository, type GitHubApi, type PullRequest, type Review, type TeamMembership } from './github-api.js';
import { evaluateQuorum, policyTeams, reviewersNeedingTeamLookup, type QuorumResult } from './review-quorum.js';

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
}

export interface CheckApprovalsOptions {
  /** A clone holding `head` and the history of the branch. */
  repoDir: string;
  /** The commit being published. */
  head: string;
  /** The branch pull requests must have been merged into (e.g. `main`). */
  branch: string;
  config: Pick<GitotaConfig, 'channels'>;
  candidates: readonly ApprovalCandidate[];
  api: GitHubApi;
}

export async function checkApprovals(options: CheckApprovalsOptions): Promise<ApprovalReport> {
  const candidates = [...new Map(options.candidates.map((c) => [c.file, c])).values()].sort((a, b) => compareStrings(a.file, b.file));
  const owner = parseRepository(options.api.repository)?.owner ?? '';
  const pullsOfCommit = memo((sha: string) => options.api.pullRequestsOfCommit(sha));
  const reviewsOf = memo((n: string) => options.api.pullRequestReviews(Number(n)));
  const membership = memo((key: string) => {
    const [org = '', team = '', login = ''] = key.split('/');
    return options.api.teamMembership(org, team, login);
  });

  const decisions: ApprovalDecision[] = [];
  try {
    for (const candidate of candidates) {
      const policy: ChannelPolicy = options.config.channels[candidate.romtype] ?? { approvals: 0 };
      decisions.push(await decide(candidate, policy));
    }
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    // Fail closed: without GitHub's answer no protected release may go out.
    const held = candidates.map((c): ApprovalDecision => ({
      ...pick(c),
      required: options.config.channels[c.romtype]?.approvals ?? 0,
      outcome: 'unreachable',
      approvedBy: [],
      reason: `GitHub could not be asked for its approvals (${error.message}); it is held back until a run can ask`,
    }));
    return { decisions: held, held: held.map((d) => d.file), failure: error };
  }
  return { decisions, held: decisions.filter((d) => d.outcome !== 'approved').map((d) => d.file) };

  async function decide(candidate: ApprovalCandidate, policy: ChannelPolicy): Promise<ApprovalDecision> {
    const base = { ...pick(candidate), required: policy.approvals, approvedBy: [] as string[] };
    if (policy.approvals <= 0) return { ...base, outcome: 'approved', reason: `channel ${candidate.romtype} needs no approval` };
    const commit = await lastCommitTouching(options.repoDir, options.head, candidate.file);
    if (commit === undefined) return { ...base, outcome: 'no-pull-request', reason: `no commit up to ${options.head.slice(0, 7)} touches ${candidate.file}` };
    const merged = (await pullsOfCommit(commit)).filter((p) => p.mergedAt !== null && p.baseRepository === options.api.repository && p.baseRef === options.branch);
    if (merged.length === 0) {
      return { ...base, commit, outcome: 'no-pull-request', reason: `commit ${commit.slice(0, 7)} reached ${options.branch} without a merged pull request; a release on ${candidate.romtype} needs ${count(policy.approvals)} on one` };
    }
    // The most recently merged pull request that merged exactly this file: never an unrelated one.
    merged.sort((a, b) => compareStrings(b.mergedAt ?? '', a.mergedAt ?? '') || b.number - a.number);
    const headBlob = await blobAt(options.repoDir, options.head, candidate.file);
    let brought: PullRequest | undefined;
    for (const pull of merged) {
      if (pull.mergeCommitSha !== null && headBlob !== undefined && (await blobAt(options.repoDir, pull.mergeCommitSha, candidate.file)) === headBlob) {
        brought = pull;
        break;
      }
    }
    const first = merged[0] as PullRequest;
    if (brought === undefined) {
      return {
        ...base,
        commit,
        pullRequest: { number: first.number, url: first.htmlUrl },
        outcome: 'content-differs',
        reason: `${candidate.file} at ${options.head.slice(0, 7)} is not what pull request #${first.number} merged; it needs a pull request of its own`,
      };
    }
    const reviews = await reviewsOf(String(brought.number));
    const quorum = evaluateQuorum(policy, brought, reviews, await teamAnswers(policy, brought, reviews), owner);
    const pullRequest = { number: brought.number, url: brought.htmlUrl };
    if (quorum.enough) {
      return { ...base, commit, pullRequest, approvedBy: quorum.approvedBy, outcome: 'approved', reason: `approved on #${brought.number} by ${quorum.approvedBy.join(', ')}` };
    }
    return { ...base, commit, pullRequest, approvedBy: quorum.approvedBy, outcome: 'not-enough', reason: describeShortfall(brought.number, quorum) };
  }

  async function teamAnswers(policy: ChannelPolicy, pull: PullRequest, reviews: readonly Review[]): Promise<Map<string, Map<string, TeamMembership>>> {
    const answers = new Map<string, Map<string, TeamMembership>>();
    for (const login of reviewersNeedingTeamLookup(policy, pull, reviews)) {
      const teams = new Map<string, TeamMembership>();
      for (const slug of policyTeams(policy, owner)) {
        const answer = await membership(`${slug}/${login}`);
        teams.set(slug, answer);
        if (answer === 'member') break;
      }
      answers.set(login.toLowerCase(), teams);
    }
    return answers;
  }
}

/** Held-back releases of one report, as plain candidates for the next run. */
export function heldCandidates(report: ApprovalReport): ApprovalCandidate[] {
  return report.decisions.filter((d) => d.outcome !== 'approved').map(pick);
}

function describeShortfall(number: number, quorum: QuorumResult): string {
  const have = quorum.approvedBy.length === 0 ? 'none counted' : `only ${quorum.approvedBy.join(', ')}`;
  const others = quorum.verdicts.filter((v) => !v.counted).map((v) => `${v.login}: ${v.why ?? ''}`);
  return `pull request #${number} has ${quorum.approvedBy.length} of ${count(quorum.required)} (${have})${others.length > 0 ? `; not counted: ${others.join('; ')}` : ''}`;
}

function count(n: number): string {
  return n === 1 ? '1 approval' : `${n} approvals`;
}

function pick(c: ApprovalCandidate): ApprovalCandidate {
  return { file: c.file, id: c.id, device: c.device, romtype: c.romtype };
}

/** `git log -1 HEAD -- file`: the commit that brought the file's current content (history simplified, as git shows it). */
export async function lastCommitTouching(repoDir: string, head: string, file: RepoPath): Promise<string | undefined> {
  const sha = await gitText(['log', '-1', '--format=%H', head, '--', file], { cwd: repoDir });
  return sha === '' ? undefined : sha;
}

async function blobAt(repoDir: string, commit: string, file: RepoPath): Promise<string | undefined> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', `${commit}:${file}`], { cwd: repoDir, allowExit: [1, 128] });
  return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

/** Each key asked once per run: one pull request may carry many releases. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}
