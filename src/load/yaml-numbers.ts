/**
 * Numbers as YAML 1.2's core schema reads them, and the rule both parsers
 * apply: a number is read only when the value is what the text says. An
 * integer beyond ±(2^53 − 1) would silently become a neighbouring double
 * (2^53 + 1 reads as 2^53), so it is judged from the digits as written, never
 * from the double; a float must be finite and within the same range, since
 * the content is carried as JSON, which has no infinities and no NaN.
 */

/** YAML 1.2 core `int`: decimal with an optional sign, `0o` octal, `0x` hex. */
export const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** YAML 1.2 core `float`, infinities and NaN included. */
export const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** What is wrong with a number as written, if anything. */
export type NumberProblem = 'unsafe-integer' | 'unsafe-float';

/** The problem with the number scalar `source` (its text) read as `value`, or undefined when it reads exactly. */
export function numberProblem(source: string, value: number): NumberProblem | undefined {
  if (INT.test(source)) return isSafeIntegerText(source) ? undefined : 'unsafe-integer';
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
    ? undefined
    : 'unsafe-float';
}

/** The value of a YAML 1.2 core integer (INT matched), -0 read as 0. */
export function readInteger(source: string): number {
  const value = source.startsWith('0o')
    ? parseInt(source.slice(2), 8)
    : source.startsWith('0x')
      ? parseInt(source.slice(2), 16)
      : parseInt(source, 10);
  return value === 0 ? 0 : value;
}

/** The value of a YAML 1.2 core float (FLOAT matched), -0.0 read as 0. */
export function readFloat(source: string): number {
  const lower = source.toLowerCase();
  if (lower === '.nan') return NaN;
  if (lower.endsWith('.inf')) return source.startsWith('-') ? -Infinity : Infinity;
  const value = parseFloat(source);
  return value === 0 ? 0 : value;
}

/**
 * Whether an integer literal is within ±(2^53 − 1), from its digits: no
 * conversion that could round, and no big-number arithmetic on a hostile
 * million-digit literal. Past the digit count that can reach 2^53 the answer
 * is no; below it, yes; at it, a double compares exactly (every value up to
 * 2^53 − 1 is exact, and anything above rounds to at least 2^53).
 */
function isSafeIntegerText(source: string): boolean {
  const [radix, digits] = source.startsWith('0x')
    ? [16, source.slice(2)]
    : source.startsWith('0o')
      ? [8, source.slice(2)]
      : [10, source.replace(/^[-+]/, '')];
  const significant = digits.replace(/^0+/, '');
  const width = SAFE_WIDTH[radix]!;
  if (significant.length !== width) return significant.length < width;
  return parseInt(significant, radix) <= Number.MAX_SAFE_INTEGER;
}

/** Digits of 2^53 − 1 in each radix (9007199254740991, 1fffffffffffff, 377777777777777777). */
const SAFE_WIDTH: Readonly<Record<number, number>> = { 10: 16, 16: 14, 8: 18 };
