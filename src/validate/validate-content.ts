import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareStrings, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { QUIET_PROGRESS, type Progress } from '../diagnostics/progress.js';
import { createRepoFiles } from '../load/create-repo-files.js';
import { loadRepository } from '../load/load-repository.js';
import { YAML_READER_VERSION } from '../load/parse-yaml.js';
import type { RepoFiles, SourceFile } from '../load/source-file.js';
import { wholeFileDiagnostic } from '../load/whole-file-diagnostic.js';
import type { Content } from '../model/types.js';
import type { Rule } from './rules/rule.js';
import { RULES } from './rules/index.js';
import { normaliseConfig, normaliseContent } from './normalise.js';
import { mapSchemaErrors } from './schema-errors.js';
import { checkSchema, SCHEMAS } from './schemas.js';
import { loadWithIndex, restrictContent } from './validate-indexed.js';
import { contentIndexDir } from '../load/content-index.js';
import {
  keyWorkTree,
  readValidationStamp,
  readWorkTreeState,
  recordRepoFiles,
  writeValidationStamp,
} from '../load/validation-stamp.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import { tracksGitotaFolder, type TrackedTree } from '../git/tracked-tree.js';
import { neverContentDiagnostics } from '../load/never-content.js';

export interface ValidateOptions {
  /** Unix seconds: SOURCE_DATE_EPOCH or now (read at the edge). */
  now: number;
  /** Repository-relative files or folders: report only their diagnostics (rules still see everything). */
  paths?: readonly string[];
  /** The rules to run; default every registered rule. */
  rules?: readonly Rule[];
  /** Payload access for rules; default the tracked files under `root` (src/load/create-repo-files.ts). */
  repo?: RepoFiles;
  /**
   * Validate this commit (a commit run: only what it tracks is content, and the
   * bytes read must be its blobs) instead of what git would track in the work tree.
   */
  commit?: string;
  /** The tracked tree to validate, already opened (wins over `commit`). */
  tree?: TrackedTree;
  /**
   * Use the content index (`.gitota/cache/`, or this folder): files git says are
   * unchanged are taken from it instead of being read, parsed and checked again,
   * and the index is updated. The result is the same as without.
   */
  index?: boolean | { dir: string };
  /**
   * With `index`: when the last whole-repository validate (with the index, of
   * the real files) looked at exactly this clean work tree, return its findings
   * instead of running the rules again (src/load/validation-stamp.ts). For a
   * second command in the same job, such as `gitota plan` after `gitota validate`.
   */
  reuse?: boolean;
  /** Told each phase and its count (reading files, rules); default none. */
  progress?: Progress;
}

export interface ValidationResult {
  content: Content;
  /** Sorted: most severe first, then by file and position. */
  diagnostics: Diagnostic[];
  /** Every file that loaded (parsed), valid or not, by repository path. */
  files: ReadonlyMap<string, SourceFile>;
  /** The tracked tree that was validated: a build of the result reads its payloads through the same one. */
  tree: TrackedTree;
  stats: { files: number; ms: number };
}

/**
 * load → schema → normalise → rules, in one pass that reports every problem
 * it can find. Never throws for the content; a rule that throws becomes one
 * internal-error diagnostic and the other rules still run.
 */
export async function validateRepository(
  repository: string,
  options: ValidateOptions,
): Promise<ValidationResult> {
  const started = performance.now();
  const root = resolve(repository);
  const tree =
    options.tree ??
    (await openTrackedTree(root, options.commit !== undefined ? { commit: options.commit } : {}));
  const neverContent = neverContentDiagnostics(tree);
  // A committed .gitota/ may hold a content index or stamp that vouches for files nobody checked: no cache then.
  if (options.index && !tracksGitotaFolder(tree))
    return validateWithIndex(root, tree, options, started);
  const progress = options.progress ?? QUIET_PROGRESS;
  const loaded = await loadRepository(root, { tree, progress });
  const diagnostics = [...neverContent, ...loaded.diagnostics];
  const checked = checkFiles(loaded.files);
  diagnostics.push(...checked.diagnostics);
  const content = normaliseContent(root, checked.valid);
  if (!checked.configValid) {
    // Keep the channel names of a broken config so every release is not also reported as on an unknown channel.
    content.config = {
      ...normaliseConfig(undefined),
      channels: normaliseConfig(loaded.files.find((f) => f.kind === 'config')).channels,
    };
  }
  const files = new Map(loaded.files.map((f) => [f.path, f] as const));
  const ctx = { content, files, repo: options.repo ?? createRepoFiles(tree), now: options.now };
  const ruleResults = await runRules(options.rules ?? RULES, () => ctx, progress);
  for (const r of ruleResults) diagnostics.push(...r);
  const selected = options.paths
    ? diagnostics.filter((d) => matchesPaths(d.file, options.paths!))
    : diagnostics;
  return {
    content,
    diagnostics: sortDiagnostics(selected),
    files,
    tree,
    stats: { files: loaded.count, ms: performance.now() - started },
  };
}

async function validateWithIndex(
  root: string,
  tree: TrackedTree,
  options: ValidateOptions,
  started: number,
): Promise<ValidationResult> {
  const rules = options.rules ?? RULES;
  const indexDir = typeof options.index === 'object' ? options.index.dir : contentIndexDir(root);
  // A stamp vouches only for the real files of a work-tree run (src/load/validation-stamp.ts).
  const stamped = options.repo === undefined && tree.origin.kind === 'work-tree';
  const [loaded, state] = await Promise.all([
    loadWithIndex(tree, rules, indexDir),
    stamped ? readWorkTreeState(root) : undefined,
  ]);
  const diagnostics = [...loaded.diagnostics];
  const content = normaliseContent(root, loaded.valid);
  if (loaded.apps.length > 0)
    content.apps = [...content.apps, ...loaded.apps].sort((a, b) => compareStrings(a.id, b.id));
  if (!loaded.configValid) {
    content.config = {
      ...normaliseConfig(undefined),
      channels: normaliseConfig(loaded.files.get('gitota.yaml')).channels,
    };
  }
  const stampKey = state === undefined ? undefined : keyWorkTree(state, stampFingerprint(rules));
  const finish = (found: Diagnostic[]): ValidationResult => {
    const all = [...neverContentDiagnostics(tree), ...found];
    const selected = options.paths ? all.filter((d) => matchesPaths(d.file, options.paths!)) : all;
    return {
      content,
      diagnostics: sortDiagnostics(selected),
      files: loaded.files,
      tree,
      stats: { files: loaded.count, ms: performance.now() - started },
    };
  };
  if (options.reuse && stampKey !== undefined) {
    const stamped = await readValidationStamp(indexDir, root, stampKey, options.now);
    if (stamped !== undefined) return finish([...stamped]);
  }
  const recorded = recordRepoFiles(options.repo ?? createRepoFiles(tree));
  const ctx = { content, files: loaded.files, repo: recorded.repo, now: options.now };
  // Rules about one file at a time run over the changed files only; the index holds their findings for the rest.
  const freshCtx = { ...ctx, content: restrictContent(content, loaded.fresh) };
  const results = await runRules(
    rules,
    (rule) => (rule.scope === 'file' ? freshCtx : ctx),
    options.progress ?? QUIET_PROGRESS,
  );
  const fileRuleDiagnostics: Diagnostic[] = [];
  results.forEach((found, i) => {
    diagnostics.push(...found);
    if (rules[i]!.scope === 'file') fileRuleDiagnostics.push(...found);
  });
  await loaded.save(fileRuleDiagnostics);
  if (stampKey !== undefined)
    await writeValidationStamp(
      indexDir,
      root,
      { key: stampKey, now: options.now, diagnostics },
      recorded.paths,
    );
  return finish(diagnostics);
}

/**
 * The findings of the last whole-repository validate with the index when it
 * looked at exactly this clean work tree (src/load/validation-stamp.ts),
 * sorted; undefined when no stamp holds. Reads no content file: for a command
 * that needs the verdict but not the work tree's model (`gitota plan` reads
 * what it needs from git).
 */
export async function readStampedDiagnostics(
  repository: string,
  options: { now: number; rules?: readonly Rule[]; index?: { dir: string } },
): Promise<Diagnostic[] | undefined> {
  const root = resolve(repository);
  const state = await readWorkTreeState(root);
  if (state === undefined) return undefined;
  const found = await readValidationStamp(
    options.index?.dir ?? contentIndexDir(root),
    root,
    keyWorkTree(state, stampFingerprint(options.rules ?? RULES)),
    options.now,
  );
  return found === undefined ? undefined : sortDiagnostics(found);
}

/** The YAML reader, the schemas and every rule's name and description: a stamp made with other ones never matches. */
function stampFingerprint(rules: readonly Rule[]): string {
  return JSON.stringify([YAML_READER_VERSION, SCHEMAS, rules.map((r) => [r.name, r.description])]);
}

/** Schema-checks every loaded file; only those that pass go into the model. */
export function checkFiles(files: readonly SourceFile[]): {
  valid: SourceFile[];
  diagnostics: Diagnostic[];
  configValid: boolean;
} {
  const valid: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const broken = new Set<string>();
  let configValid = false;
  for (const file of files) {
    let errors;
    try {
      errors = checkSchema(file.kind, file.data);
    } catch (error) {
      // A schema that does not compile is gitota's bug: say so once per kind, keep checking the rest.
      if (!broken.has(file.kind)) {
        broken.add(file.kind);
        diagnostics.push(
          wholeFileDiagnostic(
            'GITOTA098',
            'error',
            file.path,
            `internal error: ${describe(error)}; ${file.kind} files are not checked`,
          ),
        );
      }
      continue;
    }
    if (errors.length === 0) {
      valid.push(file);
      if (file.kind === 'config') configValid = true;
    } else {
      diagnostics.push(...mapSchemaErrors(file, errors));
    }
  }
  return { valid, diagnostics, configValid };
}

/** Every rule, concurrently, each one's findings in the rules' order; progress counts the rules done. */
async function runRules(
  rules: readonly Rule[],
  contextOf: (rule: Rule) => Parameters<Rule['check']>[0],
  progress: Progress,
): Promise<Diagnostic[][]> {
  progress.start('checking rules', rules.length);
  let done = 0;
  const results = await Promise.all(
    rules.map((rule) =>
      runRule(rule, contextOf(rule)).then((found) => {
        progress.advance(++done);
        return found;
      }),
    ),
  );
  progress.end();
  return results;
}

async function runRule(rule: Rule, ctx: Parameters<Rule['check']>[0]): Promise<Diagnostic[]> {
  try {
    return await rule.check(ctx);
  } catch (error) {
    return [
      wholeFileDiagnostic(
        'GITOTA099',
        'error',
        ctx.content.config.file,
        `internal error in rule ${rule.name}: ${describe(error)}`,
        'this is a bug in gitota, not in the content; the other checks still ran',
      ),
    ];
  }
}

function matchesPaths(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => {
    const prefix = p.replace(/\/+$/, '');
    return prefix === '' || prefix === '.' || file === prefix || file.startsWith(prefix + '/');
  });
}

function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ');
}
