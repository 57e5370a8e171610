import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parsePrecise, YamlPositions } from '../load/yaml-positions.js';

/** One proposed change: the files of one app or device, as a pull request (or a work-tree edit) carries them. */
export interface Proposal {
  kind: 'app' | 'device';
  id: string;
  /** Repository path → the file's new text. */
  files: Map<string, string>;
  title: string;
  commitMessage: string;
  /**
   * What is proposed, as one growing number: an app's new CurrentVersionCode, a device's newest build
   * date. A closed, unmerged pull request with this key or a higher one means "rejected: wait for newer".
   */
  key: number;
  /** `1.2 (12)`, or the newest build's file name. */
  keyLabel: string;
  /** Lines for the pull request body: what was found where. */
  details: string[];
}

export type TargetStatus = 'up-to-date' | 'found' | 'skipped' | 'failed';

export interface TargetOutcome {
  kind: 'app' | 'device';
  id: string;
  status: TargetStatus;
  /** One line: `up to date at 1.2 (12)`, `found 1.3 (13)`, why it was skipped or failed. */
  note: string;
  proposal?: Proposal;
  diagnostics: Diagnostic[];
}

/** A diagnostic at a top-level key of a YAML file (its position read from the text), 1:1 when absent. */
export function diagnosticAt(
  file: string,
  text: string | undefined,
  pointer: string,
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  hint?: string,
): Diagnostic {
  let line = 1;
  let column = 1;
  if (text !== undefined) {
    try {
      ({ line, column } = new YamlPositions(parsePrecise(text)).locate(pointer, 'key'));
    } catch {
      // Unparseable text: the whole file is meant.
    }
  }
  return { code, severity, message, file, line, column, ...(hint !== undefined ? { hint } : {}) };
}
