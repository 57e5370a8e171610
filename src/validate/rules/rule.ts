import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Content } from '../../model/types.js';
import type { RepoFiles, SourceFile } from '../../load/source-file.js';

export interface RuleContext {
  /** The model built from every file that passed its schema. */
  content: Content;
  /** Loaded files by repository path, for positions (`files.get(path)?.locate('/version')`). */
  files: ReadonlyMap<string, SourceFile>;
  /** Payload files (stat, sha256). */
  repo: RepoFiles;
  /** Unix seconds: SOURCE_DATE_EPOCH or now. */
  now: number;
}

/** A named semantic rule across files. Returns findings as data; never throws for bad content. */
export interface Rule {
  /** kebab-case name, e.g. `release-unknown-device`. */
  name: string;
  description: string;
  /**
   * `file`: the findings about a file depend on that file alone (a lint of one
   * app's metadata), so the content index may keep them with the file and the
   * rule runs only over changed files. Absent: the rule looks across files and
   * always runs over the whole model.
   */
  scope?: 'file';
  check(ctx: RuleContext): Diagnostic[] | Promise<Diagnostic[]>;
}
