import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Plan } from './plan-types.js';
import { describeRequirements } from './policy-rules.js';

/**
 * What a plan says about the policy, as findings on the lines that change it:
 * annotations on a pull request, `path:line:col` text from `gitota plan`, and
 * the generic hold of a publish that waits (the approval report then says why
 * in its own codes). Pure.
 */
export function policyDiagnostics(plan: Plan): Diagnostic[] {
  const { policy } = plan;
  const out: Diagnostic[] = [];
  const inForce = policy.inForce?.slice(0, 7) ?? '';
  if (!policy.inForceReadable) {
    out.push({
      code: 'GITOTA540',
      severity: 'warning',
      message: `the policy in force (gitota.yaml at ${inForce}) cannot be read, so the strictest default stands in for it: every release and every change to the policy needs 1 approval from an owner, member or collaborator, besides head's policy`,
      file: 'gitota.yaml',
      line: 1,
      column: 1,
    });
  }
  if (!policy.headReadable) {
    out.push({
      code: 'GITOTA542',
      severity: 'warning',
      message:
        'gitota.yaml cannot be read at head, so its channels are taken as changed: releases are judged by the policy in force, and nothing is published until the file loads and the change is approved',
      file: 'gitota.yaml',
      line: 1,
      column: 1,
    });
  }
  const change = policy.change;
  if (change?.needsApproval) {
    const needs = describeRequirements(change.requirements);
    for (const f of change.files) {
      out.push({
        code: 'GITOTA538',
        severity: 'warning',
        message: `this changes the approval policy (${f.what}); the change needs ${needs} before it, or anything published with it, goes out`,
        file: f.path,
        line: f.line,
        column: f.column,
        hint: `the policy in force is gitota.yaml, trust/ and the workflows at ${inForce}; a change to them is approved under that policy, never under the one it writes`,
      });
    }
    for (const r of plan.releases.filter((x) => x.waitsForPolicy)) {
      out.push({
        code: 'GITOTA539',
        severity: 'warning',
        message: `release ${r.id} is on channel ${r.romtype}, whose policy this change adds, changes or removes: it waits for the change to be approved`,
        file: r.file,
        line: 1,
        column: 1,
      });
    }
  }
  return out;
}
