import { sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { stringifyJson } from '../../diagnostics/escape-json.js';
import { gatherPlanInput, resolveCommit } from '../../plan/gather-plan-input.js';
import { CONTENT_ROOTS } from '../../plan/load-commit-content.js';
import { packMatrix } from '../../plan/pack-matrix.js';
import { planChanges } from '../../plan/plan-changes.js';
import { policyDiagnostics } from '../../plan/policy-diagnostics.js';
import { renderPlanMarkdown } from '../../plan/render-plan-markdown.js';
import { renderPlanText } from '../../plan/render-plan-text.js';
import { gitText } from '../../git/run-git.js';
import { normaliseContent, validateRepository } from '../../validate/index.js';
import { readStampedDiagnostics } from '../../validate/validate-content.js';
import type { Content } from '../../model/types.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';
import { formatDiagnostics } from '../cli-reporter.js';
import { readClock } from '../clock.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'say what a range of commits changes: releases, approvals, site files, packs',
  usage: `Usage: gitota plan --base REF [--head REF] [--published REF] [--json | --markdown | --matrix N] [--repo DIR]

Compares two commits of the content repository (git diff base..head) and says
which releases, devices, apps, lists and packs are added, changed or removed,
which releases wait for approval (protected channels), which site files change
and which packs must be built. When --head is the checked-out commit, the work
tree is validated too and the command fails on errors.

Releases are judged by the stricter of the policy in force (gitota.yaml's
channels at --published, default --base) and head's; a change since then to
the channels, trust/ or the workflows needs the approvals of the policy in
force (GITOTA538).

The plan is printed as text for a terminal; its findings (the validation's
and the policy's) are in it, worst first. With --json, --markdown or --matrix
the findings go to stderr as path:line:col lines instead.

  --base REF      the published or target-branch commit (required)
  --head REF      the commit to publish (default: HEAD)
  --published REF the commit the site was published from, whose policy is in force (default: --base)
  --json          the plan as JSON
  --markdown      the plan as Markdown: what the Action posts as the pull request comment
  --matrix N      a GitHub Actions matrix of at most N pack-build shards, as JSON
  --repo DIR      the content repository (default: .)
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      base: { type: 'string' },
      head: { type: 'string' },
      published: { type: 'string' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      matrix: { type: 'string' },
    });
    if (values.base === undefined) throw new UsageError('--base REF is required');
    const outputs = [values.json, values.markdown, values.matrix !== undefined].filter(
      Boolean,
    ).length;
    if (outputs > 1) throw new UsageError('choose one of --json, --markdown and --matrix');
    let shards: number | undefined;
    if (values.matrix !== undefined) {
      shards = Number(values.matrix);
      if (!Number.isSafeInteger(shards) || shards < 1 || shards > 256)
        throw new UsageError('--matrix takes a whole number of shards from 1 to 256');
    }
    const repo = repoDir(values.repo, io);
    const headRef = values.head ?? 'HEAD';
    // The diff and the base's files are read while the work tree is validated.
    const text = !values.json && !values.markdown && shards === undefined;
    const checked = checkedOutContent(repo, headRef, readClock(io.env));
    // A failed validation fails the plan: head is then not read from git, and the gathering is waited for and dropped.
    // No model from the work tree (a stamp held, or head is not checked out): head's files are read from git.
    const gathered = gatherPlanInput(repo, values.base, headRef, {
      headContent: checked.then((c) => (c.failed ? normaliseContent(repo, []) : c.content)),
      ...(values.published !== undefined ? { policyBase: values.published } : {}),
    });
    const { failed, diagnostics, validated } = await checked;
    // The findings go in a text plan; a plan that fails, or is not text, leaves them on stderr.
    if ((failed || !text) && diagnostics.length > 0) io.stderr(formatDiagnostics(diagnostics));
    if (failed)
      return gathered.then(
        () => EXIT_FAILURE,
        () => EXIT_FAILURE,
      );
    const input = await gathered;
    const plan = planChanges(input);
    const findings = policyDiagnostics(plan);
    if (text) {
      // "No errors or warnings" only about a head that was validated here (or just before, the stamp).
      const all = [...diagnostics, ...findings];
      io.stdout(renderPlanText(plan, validated || all.length > 0 ? { diagnostics: all } : {}));
      return EXIT_OK;
    }
    if (findings.length > 0) io.stderr(formatDiagnostics(findings));
    if (shards !== undefined) io.stdout(stringifyJson(packMatrix(plan.packs, shards)) + '\n');
    else if (values.json) io.stdout(stringifyJson(plan, 2) + '\n');
    else io.stdout(renderPlanMarkdown(plan));
    return EXIT_OK;
  },
};

/**
 * When head is the checked-out commit and the content in the work tree is
 * clean, validate it. A `gitota validate` of this same tree just before left
 * its findings (the validation stamp): then nothing is loaded here, and the
 * plan reads the few head files it needs from git. Otherwise the plan reuses
 * the validated model: one load, not two.
 */
async function checkedOutContent(
  repo: string,
  headRef: string,
  now: number,
): Promise<{ content?: Content; failed: boolean; validated: boolean; diagnostics: Diagnostic[] }> {
  const [head, checkedOut] = await Promise.all([
    resolveCommit(repo, headRef),
    resolveCommit(repo, 'HEAD'),
  ]);
  if (head !== checkedOut) return { failed: false, validated: false, diagnostics: [] };
  const dirty = await gitText(['status', '--porcelain', '--', ...CONTENT_ROOTS], { cwd: repo });
  if (dirty !== '') return { failed: false, validated: false, diagnostics: [] };
  const stamped = await readStampedDiagnostics(repo, { now });
  const result =
    stamped === undefined ? await validateRepository(repo, { now, index: true }) : undefined;
  const diagnostics = result === undefined ? (stamped ?? []) : sortDiagnostics(result.diagnostics);
  return {
    ...(result ? { content: result.content } : {}),
    failed: diagnostics.some((d) => d.severity === 'error'),
    validated: true,
    diagnostics,
  };
}
