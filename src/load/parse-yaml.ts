import jsyaml from 'js-yaml';
import { isAlias, isNode, visit, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { mayHoldNodeProperty } from './may-hold-node-property.js';
import { parsePrecise, YamlPositions, type PreciseDocument } from './yaml-positions.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

/** Alias expansions allowed per file: plenty for real content, far too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;

export interface ParseOutcome {
  /** The parsed value; undefined when the file has a load error (its data is not trusted). */
  data: unknown;
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The positional parse, when it already ran (so `locate` need not parse again). */
  precise?: PreciseDocument;
}

/**
 * YAML 1.2 core schema for js-yaml, written out because js-yaml's own CORE
 * schema also reads `0b101`, `-0x1F` and `+0o7` as numbers and `+.5` as a
 * string, where YAML 1.2 (and the `yaml` package) say otherwise. Both parsers
 * must give the same data, or a file would mean two things.
 */
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const CORE_1_2 = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && /^(?:~|null|Null|NULL)?$/.test(s),
      construct: () => null,
    }),
    new jsyaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && /^(?:true|True|TRUE|false|False|FALSE)$/.test(s),
      construct: (s: string) => s[0] === 't' || s[0] === 'T',
    }),
    new jsyaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && INT.test(s),
      construct: (s: string) =>
        s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10),
    }),
    new jsyaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: unknown) => typeof s === 'string' && FLOAT.test(s),
      construct: (s: string) => {
        const lower = s.toLowerCase();
        if (lower === '.nan') return NaN;
        if (lower.endsWith('.inf')) return s.startsWith('-') ? -Infinity : Infinity;
        return parseFloat(s);
      },
    }),
  ],
});

/**
 * Text that cannot hold a node property (`&anchor`, `*alias`, `!tag`; see
 * mayHoldNodeProperty) goes to js-yaml, several times faster; anything else
 * (or a js-yaml failure) takes the `yaml` package, which checks alias
 * expansion and gives exact positions.
 */
export function parseYaml(path: string, text: string): ParseOutcome {
  if (!mayHoldNodeProperty(text)) {
    const fast = parseFast(text);
    // null may be an empty document or a written `~`: the positional parse tells them apart.
    if (fast.ok && fast.data != null) return { data: fast.data, ok: true, diagnostics: [] };
  }
  return parseWithPositions(path, text);
}

function parseFast(text: string): { ok: boolean; data?: unknown } {
  let sawProperty = false;
  try {
    const data = jsyaml.load(text, {
      schema: CORE_1_2,
      json: false,
      listener(event, state) {
        if (event === 'close' && (state as { anchor?: unknown }).anchor != null) sawProperty = true;
      },
    });
    return sawProperty ? { ok: false } : { ok: true, data };
  } catch (error) {
    // Not swallowed: the positional parse below runs on the same text and reports the problem precisely.
    void error;
    return { ok: false };
  }
}

/** The exact parse: every problem with its position. Never throws. */
export function parseWithPositions(path: string, text: string): ParseOutcome {
  let precise: PreciseDocument;
  try {
    precise = parsePrecise(text);
  } catch (error) {
    const why = error instanceof RangeError ? 'nesting is too deep' : messageOf(error);
    return failed([wholeFileDiagnostic('GITOTA004', 'error', path, `YAML cannot be parsed: ${why}`)]);
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
    if (w.code !== 'TAG_RESOLVE_FAILED') diagnostics.push({ ...at('GITOTA004', w.pos[0], firstLine(w.message)), severity: 'warning' });
  }
  let firstAlias: number | undefined;
  visit(doc, (_key, node) => {
    if (isAlias(node)) firstAlias ??= node.range?.[0];
    if (isNode(node) && node.tag !== undefined && node.range) {
      const offset = tagOffset(text, node.range[0]);
      diagnostics.push(at('GITOTA014', offset, `explicit YAML tag \`${text.slice(offset).split(/[\s]/, 1)[0]}\` is not allowed`, 'remove the tag; write the value as plain YAML (quote it to make it a string)'));
    }
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { ...failed(diagnostics), precise };
  if (doc.contents === null) return { ...failed([wholeFileDiagnostic('GITOTA009', 'error', path, `${path} holds no YAML content (only comments or blank lines)`)]), precise };
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { data, ok: true, diagnostics, precise };
  } catch (error) {
    const message = messageOf(error);
    if (/alias count/i.test(message)) {
      diagnostics.push(at('GITOTA006', firstAlias ?? 0, `aliases expand to too many nodes (limit ${MAX_ALIAS_COUNT}): possible YAML bomb; the file is not read`, 'write the data out instead of repeating it with aliases'));
    } else {
      diagnostics.push(at('GITOTA004', firstAlias ?? 0, `YAML cannot be read: ${message}`));
    }
    return { ...failed(diagnostics), precise };
  }
}

function mapYamlError(error: YAMLError, at: (code: DiagnosticCode, offset: number, message: string, hint?: string) => Diagnostic): Diagnostic {
  const message = firstLine(error.message);
  // The parser caught its own stack overflow: where it happened depends on the stack size, so say it about the file.
  if (/call stack/i.test(message)) return at('GITOTA004', 0, 'YAML nesting is too deep to read', 'flatten the structure');
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return at('GITOTA005', error.pos[0], 'duplicate key in a mapping: a later value would silently replace an earlier one', 'remove or rename one of the keys');
    case 'MULTIPLE_DOCS':
      return at('GITOTA010', error.pos[0], 'the file holds several YAML documents; a content file holds exactly one', 'remove the `---` separator and the documents after it');
    default:
      return at('GITOTA004', error.pos[0], `YAML syntax error: ${message}`);
  }
}

/** Where the tag written before a node starts (the node's range starts at its value). */
function tagOffset(text: string, valueStart: number): number {
  const bang = text.lastIndexOf('!', valueStart);
  if (bang < 0) return valueStart;
  let start = bang;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return text[start] === '!' ? start : bang;
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
