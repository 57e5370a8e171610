import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { FileKind, SourceFile } from '../load/source-file.js';
import { splitPointer } from '../load/yaml-positions.js';
import { groupCombinatorErrors } from './combinator-errors.js';

/** What a file of each kind is called in messages. */
export const KIND_LABELS: Readonly<Record<FileKind, string>> = {
  config: 'gitota.yaml',
  device: 'a device file',
  release: 'a release file',
  app: 'F-Droid app metadata',
  'app-versions': 'an app versions file',
  'package-list': 'a package-list',
  'update-locations': 'an update-locations file',
  pack: 'a pack spec',
};

/** Findings listed per file: a hostile file can fail a schema a million times, and the first ones say what is wrong. */
export const MAX_SCHEMA_FINDINGS_PER_FILE = 100;

interface Finding {
  code: DiagnosticCode;
  pointer: string;
  at: 'key' | 'value';
  message: string;
  hint?: string;
}

/**
 * Turns ajv's errors for one file into diagnostics a contributor can act on:
 * each at the line of the offending key or value, saying what was expected
 * and what was found. Alternatives (oneOf/anyOf) collapse into the one error
 * that explains them; errors already explained by another are left out.
 */
export function mapSchemaErrors(
  file: Pick<SourceFile, 'path' | 'kind' | 'locate'>,
  errors: readonly ErrorObject[],
): Diagnostic[] {
  const findings = explain([...errors], file.kind);
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const f of findings) {
    const key = `${f.code}\0${f.pointer}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (diagnostics.length === MAX_SCHEMA_FINDINGS_PER_FILE) {
      const last = diagnostics[diagnostics.length - 1]!;
      diagnostics.push({
        code: 'GITOTA062',
        severity: 'warning',
        message: `more schema findings in ${file.path} are not listed (the first ${MAX_SCHEMA_FINDINGS_PER_FILE} are)`,
        file: file.path,
        line: last.line,
        column: last.column,
        hint: 'fix the ones above and validate again',
      });
      break;
    }
    const { line, column } = file.locate(f.pointer, f.at);
    const d: Diagnostic = {
      code: f.code,
      severity: 'error',
      message: f.message,
      file: file.path,
      line,
      column,
    };
    if (f.hint !== undefined) d.hint = f.hint;
    diagnostics.push(d);
  }
  return diagnostics;
}

function explain(errors: ErrorObject[], kind: FileKind): Finding[] {
  // Innermost alternatives first, so an outer one sees its branches already explained.
  const combinators = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  const replaced = new Map<ErrorObject, Finding[]>();
  const consumed = new Set<ErrorObject>();
  const innerOf = groupCombinatorErrors(errors, combinators);
  for (const c of combinators) {
    const prefix = c.schemaPath + '/';
    const inner = innerOf.get(c)!.filter((e) => !consumed.has(e));
    inner.forEach((e) => consumed.add(e));
    const branches = new Map<string, Finding[]>();
    for (const e of inner) {
      const branch = e.schemaPath.slice(prefix.length).split('/', 1)[0]!;
      const list = branches.get(branch) ?? [];
      list.push(...(replaced.get(e) ?? explainOne(e, kind)));
      branches.set(branch, list);
    }
    replaced.set(c, explainAlternatives(c, branches, kind));
  }
  const findings: Finding[] = [];
  for (const e of errors) {
    // Past what is listed (with room for duplicates), explaining the rest would only cost time.
    if (findings.length > 2 * MAX_SCHEMA_FINDINGS_PER_FILE) break;
    if (consumed.has(e)) continue;
    findings.push(...(replaced.get(e) ?? explainOne(e, kind)));
  }
  return findings;
}

function explainAlternatives(
  c: ErrorObject,
  branches: Map<string, Finding[]>,
  kind: FileKind,
): Finding[] {
  const pointer = c.instancePath;
  const where = describePlace(pointer, kind);
  const schemas = Array.isArray(c.schema) ? (c.schema as unknown[]) : [];
  const passing = (c.params as { passingSchemas?: number[] | null }).passingSchemas;
  const requiredOf = (s: unknown): string[] =>
    isRecord(s) && Array.isArray(s.required) ? s.required.map(String) : [];
  if (Array.isArray(passing) && passing.length > 1) {
    const names = passing.flatMap((i) => requiredOf(schemas[i]));
    if (names.length === 0)
      return [
        {
          code: 'GITOTA058',
          pointer,
          at: 'value',
          message: `${where} matches more than one of the allowed shapes`,
        },
      ];
    // Point at the second of the keys: the first one is usually the one meant.
    return [
      {
        code: 'GITOTA058',
        pointer: `${pointer}/${escapePointer(names[1] ?? names[0]!)}`,
        at: 'key',
        message: `${where} gives ${listCode(names, 'and')}; give only one of them`,
      },
    ];
  }
  const all = [...branches.values()];
  // A branch "does not apply" when it failed on the shape of the value itself (its type, or a discriminating constant).
  const appliesAt = (f: Finding) =>
    f.pointer === pointer && (f.code === 'GITOTA052' || f.code === 'GITOTA053');
  if (
    all.length > 0 &&
    all.every(
      (fs) => fs.length > 0 && fs.every((f) => f.pointer === pointer && f.code === 'GITOTA051'),
    )
  ) {
    const names = schemas.flatMap(requiredOf);
    if (names.length > 0)
      return [
        {
          code: 'GITOTA051',
          pointer,
          at: 'key',
          message: `${where} needs one of ${listCode(names, 'or')}`,
        },
      ];
  }
  if (
    all.length > 0 &&
    all.every((fs) => fs.some(appliesAt)) &&
    all.some((fs) => fs.some((f) => f.pointer === pointer && f.code === 'GITOTA052'))
  ) {
    const expected = unique(schemas.flatMap((s) => typesOf(s)));
    return [
      {
        code: 'GITOTA052',
        pointer,
        at: 'value',
        message: `${where}: expected ${expected.join(' or ') || 'another type'}, found ${typeName(c.data)}${scalarSuffix(c.data)}`,
      },
    ];
  }
  const applicable = all.filter((fs) => !fs.some(appliesAt));
  if (applicable.length >= 1) {
    // The branch with fewest complaints is almost always the one the author meant.
    const best = applicable.reduce((a, b) => (b.length < a.length ? b : a));
    if (best.length > 0) return best;
  }
  const titles = schemas
    .map((s) => (isRecord(s) && typeof s.title === 'string' ? s.title : undefined))
    .filter((t): t is string => t !== undefined);
  return [
    {
      code: 'GITOTA058',
      pointer,
      at: 'value',
      message: `${where} matches none of the allowed shapes`,
      ...(titles.length > 0 ? { hint: `expected one of: ${titles.join('; ')}` } : {}),
    },
  ];
}

function explainOne(e: ErrorObject, kind: FileKind): Finding[] {
  const pointer = e.instancePath;
  const where = describePlace(pointer, kind);
  const params = e.params as Record<string, unknown>;
  const parent = isRecord(e.parentSchema) ? e.parentSchema : {};
  // Errors about a key's name (under propertyNames) are explained by the propertyNames error itself.
  if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return [];
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const allowed = allowedKeys(parent);
      const guess = suggestName(key, allowed);
      const hints = [
        guess ? `did you mean \`${guess}\`?` : undefined,
        allowed.length > 0 ? `allowed keys: ${allowed.join(', ')}` : undefined,
      ].filter(Boolean);
      return [
        {
          code: 'GITOTA050',
          pointer: `${pointer}/${escapePointer(key)}`,
          at: 'key',
          message: `unknown key \`${key}\` in ${where}`,
          ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
        },
      ];
    }
    case 'required': {
      const key = String(params.missingProperty);
      const about = propertyDescription(parent, key);
      return [
        {
          code: 'GITOTA051',
          pointer,
          at: 'key',
          message: `${where} is missing the required key \`${key}\``,
          ...(about ? { hint: `${key}: ${about}` } : {}),
        },
      ];
    }
    case 'type': {
      const expected = Array.isArray(params.type) ? params.type.join(' or ') : String(params.type);
      return [
        withAbout(
          {
            code: 'GITOTA052',
            pointer,
            at: 'value',
            message: `${where}: expected ${article(expected)}, found ${typeName(e.data)}${scalarSuffix(e.data)}`,
          },
          parent,
        ),
      ];
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues)
        ? params.allowedValues.map((v) => JSON.stringify(v))
        : [];
      const guess =
        typeof e.data === 'string'
          ? suggestName(
              e.data,
              allowed.map((a) => a.replace(/^"|"$/g, '')),
            )
          : undefined;
      return [
        {
          code: 'GITOTA053',
          pointer,
          at: 'value',
          message: `${where}: ${JSON.stringify(e.data)} is not allowed`,
          hint: `${guess ? `did you mean "${guess}"? ` : ''}allowed: ${allowed.length > 12 ? allowed.slice(0, 12).join(', ') + `, … (${allowed.length} in all)` : allowed.join(', ')}`,
        },
      ];
    }
    case 'const':
      return [
        {
          code: 'GITOTA053',
          pointer,
          at: 'value',
          message: `${where}: must be ${JSON.stringify(params.allowedValue)}, found ${JSON.stringify(e.data)}`,
        },
      ];
    case 'pattern':
      return [
        withAbout(
          {
            code: 'GITOTA054',
            pointer,
            at: 'value',
            message: `${where}: ${JSON.stringify(e.data)} does not match the expected form ${String(params.pattern)}`,
          },
          parent,
        ),
      ];
    case 'format':
      return [
        withAbout(
          {
            code: 'GITOTA057',
            pointer,
            at: 'value',
            message: `${where}: ${JSON.stringify(e.data)} is not a valid ${String(params.format)}`,
          },
          parent,
        ),
      ];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      // The field's description says what the number counts (seconds, not milliseconds; bytes).
      return [
        withAbout(
          {
            code: 'GITOTA055',
            pointer,
            at: 'value',
            message: `${where}: ${JSON.stringify(e.data)} ${e.message ?? 'is out of range'}`,
          },
          parent,
        ),
      ];
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return [
        {
          code: 'GITOTA056',
          pointer,
          at: 'value',
          message: `${where} ${e.message ?? 'has the wrong size'}`,
        },
      ];
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return [
        {
          code: 'GITOTA059',
          pointer: `${pointer}/${second}`,
          at: 'value',
          message: `${where} holds the same item twice (items ${first} and ${second})`,
        },
      ];
    }
    case 'dependentRequired':
    case 'dependencies':
      return [
        {
          code: 'GITOTA060',
          pointer,
          at: 'key',
          message: `${where}: \`${String(params.property)}\` needs \`${String(params.missingProperty)}\` too`,
        },
      ];
    case 'not':
      return [
        {
          code: 'GITOTA060',
          pointer,
          at: 'value',
          message: `${where} has a combination of keys or a value that is not allowed`,
          ...(typeof parent.description === 'string' ? { hint: parent.description } : {}),
        },
      ];
    case 'if':
      // The failing `then`/`else` branch reports the actual problem.
      return [];
    case 'false schema':
      // A key the schema forbids in this combination (removeApp with a payload, `optional` under schema "1", ...).
      return [
        {
          code: 'GITOTA060',
          pointer,
          at: 'key',
          message: `${where} is not allowed here`,
          hint: 'the schema allows this key only with other values of the surrounding keys (see the schema description)',
        },
      ];
    case 'propertyNames': {
      const name = String(params.propertyName);
      const names =
        isRecord(parent.propertyNames) && Array.isArray(parent.propertyNames.enum)
          ? parent.propertyNames.enum.map(String)
          : [];
      const guess = suggestName(name, names);
      const hints = [
        guess ? `did you mean \`${guess}\`?` : undefined,
        names.length > 0 ? `allowed keys: ${names.join(', ')}` : undefined,
      ].filter(Boolean);
      return [
        {
          code: 'GITOTA050',
          pointer: `${pointer}/${escapePointer(name)}`,
          at: 'key',
          message: `key \`${name}\` is not allowed in ${where}`,
          ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
        },
      ];
    }
    default:
      return [
        {
          code: 'GITOTA061',
          pointer,
          at: 'value',
          message: `${where} ${e.message ?? 'does not match the schema'}`,
        },
      ];
  }
}

/** "`rollout`", "`Builds[2].versionName`", or the file kind for the whole file. */
export function describePlace(pointer: string, kind: FileKind): string {
  const segments = splitPointer(pointer);
  if (segments.length === 0) return KIND_LABELS[kind];
  let text = '';
  for (const s of segments)
    text += /^(0|[1-9][0-9]*)$/.test(s) ? `[${s}]` : text === '' ? s : `.${s}`;
  return `\`${text}\``;
}

/** The closest of `candidates` to a mistyped `word`, if one is close enough to be a likely typo. */
export function suggestName(word: string, candidates: readonly string[]): string | undefined {
  // No name is this long: a hostile key of a megabyte would cost its length times every candidate's.
  if (word.length > 100) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c.toLowerCase() === lower) return c;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Property names a schema allows, gathered through its allOf/if/then/else parts. */
function allowedKeys(schema: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  const visit = (s: unknown, depth: number): void => {
    if (!isRecord(s) || depth > 4) return;
    if (isRecord(s.properties)) Object.keys(s.properties).forEach((k) => keys.add(k));
    for (const part of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(s[part])) (s[part] as unknown[]).forEach((p) => visit(p, depth + 1));
    for (const part of ['then', 'else']) visit(s[part], depth + 1);
  };
  visit(schema, 0);
  return [...keys];
}

function propertyDescription(schema: Record<string, unknown>, key: string): string | undefined {
  const prop = isRecord(schema.properties) ? schema.properties[key] : undefined;
  return isRecord(prop) && typeof prop.description === 'string' ? prop.description : undefined;
}

function withAbout(f: Finding, parent: Record<string, unknown>): Finding {
  return typeof parent.description === 'string' ? { ...f, hint: parent.description } : f;
}

function typesOf(schema: unknown): string[] {
  if (!isRecord(schema)) return [];
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if ('const' in schema) return [JSON.stringify(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v));
  return [];
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function scalarSuffix(value: unknown): string {
  return value !== null && typeof value !== 'object' ? ` ${JSON.stringify(value)}` : '';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function listCode(names: string[], joiner: string): string {
  const quoted = unique(names).map((n) => `\`${n}\``);
  return quoted.length <= 1
    ? (quoted[0] ?? '')
    : `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted[quoted.length - 1]}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
