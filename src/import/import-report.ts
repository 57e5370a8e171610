import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { applyWritePlan, type PlannedFile, type WriteOutcome } from './write-plan.js';

/** What an import did: the files it wrote or found already there, and every finding. */
export type ImportReport = WriteOutcome;

/** Refused before anything was planned: nothing written. */
export function refusedImport(diagnostics: Diagnostic[]): ImportReport {
  return { written: [], unchanged: [], diagnostics, ok: false };
}

/** Writes the plan unless the inputs already had errors; their warnings are kept in the report. */
export async function finishImport(
  root: string,
  planned: readonly PlannedFile[],
  inputDiagnostics: Diagnostic[],
  now: number,
): Promise<ImportReport> {
  if (hasErrors(inputDiagnostics)) return refusedImport(inputDiagnostics);
  const outcome = await applyWritePlan(root, planned, now);
  return { ...outcome, diagnostics: [...inputDiagnostics, ...outcome.diagnostics] };
}
