import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parsePrecise, YamlPositions } from '../load/yaml-positions.js';
import { readSource, type ImportSources } from './import-source.js';

/** A parsed JSON input and where each of its values is, for diagnostics at the offending entry. */
export interface JsonInput {
  file: string;
  data: unknown;
  /** Line and column of a JSON pointer (computed only when a finding needs one). */
  locate(pointer: string): { line: number; column: number };
}

/** Parses an import's JSON; undefined bytes or a syntax error are one GITOTA652 at the mistake. */
export function parseJsonInput(
  file: string,
  bytes: Uint8Array,
): { input: JsonInput } | { diagnostic: Diagnostic } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // reported as not JSON: the input is not UTF-8 text
    return {
      diagnostic: {
        code: 'GITOTA652',
        severity: 'error',
        message: `${file} is not UTF-8 text, so not JSON`,
        file,
        line: 1,
        column: 1,
      },
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text, error);
    return {
      diagnostic: {
        code: 'GITOTA652',
        severity: 'error',
        message: `${file} is not valid JSON: ${(error as Error).message}`,
        file,
        line,
        column,
      },
    };
  }
  let positions: YamlPositions | undefined;
  // JSON is YAML: the positional parse is paid for only when an entry is wrong.
  const locate = (pointer: string) =>
    (positions ??= new YamlPositions(parsePrecise(text))).locate(pointer);
  return { input: { file, data, locate } };
}

/** A finding about one value of a JSON input, at its line and column. */
export function inputDiagnostic(
  input: JsonInput,
  code: string,
  pointer: string,
  message: string,
  hint?: string,
): Diagnostic {
  const { line, column } = input.locate(pointer);
  const d: Diagnostic = { code, severity: 'error', message, file: input.file, line, column };
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** What a JSON value is, for messages: `a list`, `string "x"`. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column of a JSON.parse error (V8 says "at position N" or "line L column C"). */
export function jsonErrorPosition(text: string, error: unknown): { line: number; column: number } {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Math.min(Number(position[1]), text.length) : firstBadOffset(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Newer V8 messages quote the text instead of giving a position. A prefix that
 * ends before the mistake fails only with "end of input", one that includes it
 * fails otherwise: a binary search finds the offending character.
 */
function firstBadOffset(text: string): number {
  const breaks = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      const at = /position (\d+)/.exec(message);
      return at ? Number(at[1]) < length : !/end of|unterminated/i.test(message);
    }
  };
  let low = 0;
  let high = text.length;
  if (!breaks(high)) return text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (breaks(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

/** Reads and parses one JSON input (file or URL); a failure is pushed to `diagnostics` and gives undefined. */
export async function readJsonSource(
  source: string,
  absolute: string,
  sources: ImportSources,
  diagnostics: Diagnostic[],
): Promise<JsonInput | undefined> {
  const read = await readSource(source, absolute, sources);
  if (!read.ok) return void diagnostics.push(read.diagnostic);
  const parsed = parseJsonInput(source, read.bytes);
  if ('diagnostic' in parsed) return void diagnostics.push(parsed.diagnostic);
  return parsed.input;
}
