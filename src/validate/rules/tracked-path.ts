import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { RuleContext } from './rule.js';
import { reportAt } from './report-at.js';

/**
 * The finding when the payload `path` that `file` names at `pointer` is not
 * tracked content (src/git/tracked-tree.ts): it, or a link on the way, leads into
 * `.git/` or `.gitota/`, out of the tree, to an ignored or untracked file, or the
 * bytes on disk are not the tracked ones. Reported at the line that names the
 * path, so the reviewer sees where a pull request reaches for what it must not.
 */
export async function trackedPathFinding(
  ctx: RuleContext,
  where: { file: string; pointer: string; path: string },
): Promise<Diagnostic | undefined> {
  const refusal = await ctx.repo.refusal(where.path);
  if (refusal === undefined) return undefined;
  return reportAt(ctx, {
    code: refusal.code,
    file: where.file,
    pointer: where.pointer,
    message: refusal.message,
    hint: refusal.hint,
  });
}
