import type { YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { checkYamlDocument, type YamlPolicy } from './check-yaml-document.js';
import { findLimitViolation, type LimitViolation } from './inspect-yaml-data.js';
import { mayDeviateInJsYaml } from './js-yaml-deviations.js';
import { mayHoldNodeProperty } from './may-hold-node-property.js';
import { parseFast } from './parse-fast.js';
import type { FileKind } from './source-file.js';
import { DEFAULT_YAML_LIMITS, yamlLimitKey, type YamlLimits } from './yaml-limits.js';
import { parsePrecise, YamlPositions, type PreciseDocument } from './yaml-positions.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

export type { YamlPolicy } from './check-yaml-document.js';

/**
 * Changes whenever the same text may load differently (refused now, or read
 * to other data): caches of load results (the content index, the validation
 * stamp) made by another version are then not used.
 */
export const YAML_READER_VERSION = 2;

/** Alias expansions allowed per file: plenty for real content, far too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

/** Findings listed per file; a hostile file can hold millions, and the first ones say what is wrong. */
export const MAX_FINDINGS_PER_FILE = 100;

export interface ParseOutcome {
  /** The parsed value; undefined when the file has a load error (its data is not trusted). */
  data: unknown;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The positional parse, when it already ran (so `locate` need not parse again). */
  precise?: PreciseDocument;
}

export interface YamlReadOptions {
  /** The file's kind, which sets what its YAML may use (policyOf); default: gitota's own rules. */
  kind?: FileKind;
  limits?: YamlLimits;
}

/** F-Droid metadata keeps F-Droid's YAML; every other kind is gitota's own. */
export function policyOf(kind: FileKind | undefined): YamlPolicy {
  return kind === 'app' ? 'fdroid' : 'gitota';
}

/**
 * Text that cannot hold a node property (`&anchor`, `*alias`, `!tag`; see
 * mayHoldNodeProperty) goes to js-yaml, several times faster, which takes it
 * only when its reading is certainly the exact parse's (see parseFast);
 * anything else takes the `yaml` package, which checks everything and gives
 * exact positions. Whatever the fast parse accepts, the exact one accepts
 * with the same data (the fuzz test holds both to it).
 */
export function parseYaml(path: string, text: string, options: YamlReadOptions = {}): ParseOutcome {
  const limits = options.limits ?? DEFAULT_YAML_LIMITS;
  const trusted = !mayHoldNodeProperty(text) && !mayDeviateInJsYaml(text);
  // A large file past a limit is refused from the fast parse, even when the exact one would read it: that one costs more.
  if (trusted || text.length > LARGE_FILE_CHARS) {
    const fast = parseFast(text, limits);
    if (!fast.ok && fast.violation !== undefined)
      return failed([limitDiagnostic(path, fast.violation, limits)]);
    // null may be an empty document or a written `~`: the positional parse tells them apart.
    if (trusted && fast.ok && fast.data != null)
      return { data: fast.data, ok: true, diagnostics: [] };
  }
  return parseWithPositions(path, text, options);
}

/** Text longer than this is first read fast for its limits even when it holds node properties. */
const LARGE_FILE_CHARS = 256 * 1024;

/** The exact parse: every problem with its position. Never throws. */
export function parseWithPositions(
  path: string,
  text: string,
  options: YamlReadOptions = {},
): ParseOutcome {
  let precise: PreciseDocument;
  try {
    precise = parsePrecise(text);
  } catch (error) {
    const why = error instanceof RangeError ? 'nesting is too deep' : messageOf(error);
    return failed([
      wholeFileDiagnostic('GITOTA004', 'error', path, `YAML cannot be parsed: ${why}`),
    ]);
  }
  const positions = new YamlPositions(precise);
  const at = (code: DiagnosticCode, offset: number, message: string, hint?: string): Diagnostic => {
    const { line, column } = positions.offsetPosition(offset);
    return hint === undefined
      ? { code, severity: 'error', message, file: path, line, column }
      : { code, severity: 'error', message, file: path, line, column, hint };
  };
  const { doc } = precise;
  const diagnostics: Diagnostic[] = uniqueDiagnostics(doc.errors.map((e) => mapYamlError(e, at)));
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED')
      diagnostics.push({ ...at('GITOTA004', w.pos[0], firstLine(w.message)), severity: 'warning' });
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { ...failed(capped(path, diagnostics)), precise };
  const checked = checkYamlDocument(precise, policyOf(options.kind));
  for (const f of checked.findings) diagnostics.push(at(f.code, f.offset, f.message, f.hint));
  if (diagnostics.some((d) => d.severity === 'error'))
    return { ...failed(capped(path, diagnostics)), precise };
  if (doc.contents === null)
    return {
      ...failed([
        wholeFileDiagnostic(
          'GITOTA009',
          'error',
          path,
          `${path} holds no YAML content (only comments or blank lines)`,
        ),
      ]),
      precise,
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = messageOf(error);
    const firstAlias = checked.firstAlias ?? 0;
    if (error instanceof RangeError && !/alias/i.test(message)) {
      diagnostics.push(
        wholeFileDiagnostic(
          'GITOTA004',
          'error',
          path,
          'YAML nesting is too deep to read',
          'flatten the structure',
        ),
      );
    } else if (/alias count|resource exhaustion/i.test(message)) {
      diagnostics.push(
        at(
          'GITOTA006',
          firstAlias,
          `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}): possible YAML bomb; the file is not read`,
          'write the data out instead of repeating it with aliases',
        ),
      );
    } else {
      diagnostics.push(at('GITOTA004', firstAlias, `YAML cannot be read: ${message}`));
    }
    return { ...failed(diagnostics), precise };
  }
  const violation = findLimitViolation(data, options.limits ?? DEFAULT_YAML_LIMITS);
  if (violation !== undefined)
    return {
      ...failed([
        ...diagnostics,
        limitDiagnostic(path, violation, options.limits ?? DEFAULT_YAML_LIMITS),
      ]),
      precise,
    };
  return { data, ok: true, diagnostics, precise };
}

/**
 * A limit passed is about the whole file, like its size (GITOTA002): said at
 * 1:1 with the place in the message, the same whichever parser found it (the
 * fast one has no positions, and a hostile file is not parsed twice for one).
 */
function limitDiagnostic(path: string, violation: LimitViolation, limits: YamlLimits): Diagnostic {
  const key = yamlLimitKey(violation.limit);
  const limit = limits[violation.limit];
  const place = violation.pointer === '' ? 'the top level' : `\`${violation.pointer}\``;
  switch (violation.limit) {
    case 'maxKeysPerMapping':
      return wholeFileDiagnostic(
        'GITOTA037',
        'error',
        path,
        `the mapping at ${place} has ${violation.found ?? 'too many'} keys, over the limit of ${limit} (${key}); the file is not read`,
        `split the data, or raise ${key} in gitota.yaml`,
      );
    case 'maxNodesPerFile':
      return wholeFileDiagnostic(
        'GITOTA038',
        'error',
        path,
        `the file holds more than ${limit} YAML nodes (${key}; an alias counts as the nodes it stands for); the file is not read`,
        `split the file, or raise ${key} in gitota.yaml`,
      );
    case 'maxDepth':
      return wholeFileDiagnostic(
        'GITOTA039',
        'error',
        path,
        `mappings and lists are nested more than ${limit} deep at ${place} (${key}); the file is not read`,
        'flatten the structure',
      );
  }
}

function mapYamlError(
  error: YAMLError,
  at: (code: DiagnosticCode, offset: number, message: string, hint?: string) => Diagnostic,
): Diagnostic {
  const message = firstLine(error.message);
  // The parser caught its own stack overflow: where it happened depends on the stack size, so say it about the file.
  if (/call stack/i.test(message))
    return at('GITOTA004', 0, 'YAML nesting is too deep to read', 'flatten the structure');
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return at(
        'GITOTA010',
        error.pos[0],
        'the file holds several YAML documents; a content file holds exactly one',
        'remove the `---` separator and the documents after it',
      );
    default:
      return at('GITOTA004', error.pos[0], `YAML syntax error: ${message}`);
  }
}

/** The first findings, and one more saying how many were left out. */
function capped(path: string, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_FINDINGS_PER_FILE) return diagnostics;
  const kept = diagnostics.slice(0, MAX_FINDINGS_PER_FILE);
  const last = kept[kept.length - 1]!;
  kept.push({
    code: 'GITOTA040',
    severity: 'warning',
    message: `${diagnostics.length - MAX_FINDINGS_PER_FILE} more YAML problems in ${path} are not listed`,
    file: path,
    line: last.line,
    column: last.column,
    hint: 'fix the ones above and validate again',
  });
  return kept;
}

/** One report per distinct finding (a parser that gives up deep inside repeats itself on the way out). */
function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.line} ${d.column} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function failed(diagnostics: Diagnostic[]): ParseOutcome {
  return { data: undefined, ok: false, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
