import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RepoPath } from '../model/types.js';
import type { Plan } from './plan-types.js';

/**
 * What a reviewer's copy of the plan adds to the plan itself, gathered at the
 * edge (the Action) and passed in: where the pull request and the run are,
 * the approvals already given on the pull request's head commit, and the
 * findings of the validation. Pure data and pure URL building: nothing here
 * reads the environment.
 */

/** Approvals on a pull request's head commit, counted as the publish gate counts them (src/github/review-quorum.ts). */
export interface ApprovalsSoFar {
  pullRequest: number;
  /** The commit the approvals must be on. */
  headSha: string;
  required: number;
  /** Logins whose approval counts, sorted. */
  approvedBy: string[];
  enough: boolean;
  /** Reviewers whose latest review does not count, and why. */
  notCounted: Array<{ login: string; why: string }>;
}

/** Where the pull request is on GitHub: for links to a finding's line. */
export interface ReviewLinks {
  /** `https://github.com` (GITHUB_SERVER_URL), no trailing slash. */
  serverUrl: string;
  /** `owner/name`. */
  repository: string;
  /** The commit the findings are about (the blob links' commit). */
  headSha: string;
  /** The pull request: findings on files it changes link into its diff. */
  pullRequest?: number;
}

export interface PlanReview {
  links?: ReviewLinks;
  /** The workflow run that made this plan (`…/actions/runs/ID`). */
  runUrl?: string;
  /** Release file → approvals on its pull request's head commit (pull request events only). */
  approvals?: ReadonlyMap<RepoPath, ApprovalsSoFar>;
  /** The approvals on the pull request's head for the policy change, when the plan has one needing approval. */
  policyApprovals?: ApprovalsSoFar;
  /** The validation's and the plan's findings. */
  diagnostics?: readonly Diagnostic[];
}

/** Every file the plan says changed: a finding on one of them can link into the pull request's diff. */
export function changedFiles(plan: Plan): Set<string> {
  return new Set([
    ...plan.releases.map((r) => r.file),
    ...plan.entities.map((e) => e.file),
    ...plan.otherFiles,
    ...(plan.policy.change?.files.map((f) => f.path) ?? []),
  ]);
}

/**
 * The link to a line: GitHub's diff anchor (`#diff-<sha256 of path>R<line>`)
 * when the pull request changes the file, else the file at the head commit.
 * Every byte of the path is percent-encoded where it could end a Markdown
 * link destination (`(`, `)`, spaces, `<`, `>`).
 */
export function findingUrl(
  links: ReviewLinks,
  changed: ReadonlySet<string>,
  file: string,
  line: number,
): string {
  const repo = `${linkDestination(links.serverUrl)}/${encodePath(links.repository)}`;
  if (links.pullRequest !== undefined && changed.has(file)) {
    const anchor = createHash('sha256').update(file).digest('hex');
    return `${repo}/pull/${links.pullRequest}/files#diff-${anchor}R${line}`;
  }
  return `${repo}/blob/${encodePath(links.headSha)}/${encodePath(file)}#L${line}`;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

/** A URL as a Markdown link destination: nothing in it can end the link or open HTML. */
export function linkDestination(url: string): string {
  return url.replace(
    /[\s()<>\\`"']/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
