/**
 * How checkupdates turns text into version codes: `int(text, 0)` after
 * dropping `_` (so `0x1F`, `0o17`, `0b101` and `1_000` all read), falling back
 * to plain decimal (`010`, which base 0 refuses). Undefined: not a number.
 */
export function parseVersionCode(text: string): number | undefined {
  const value = text.trim().replace(/_/g, '');
  const prefixed = /^([+-]?)0([xob])([0-9a-f]+)$/i.exec(value);
  let parsed: number;
  if (prefixed) {
    const radix = { x: 16, o: 8, b: 2 }[prefixed[2]!.toLowerCase() as 'x' | 'o' | 'b'];
    const digits = prefixed[3]!;
    if (![...digits.toLowerCase()].every((d) => parseInt(d, 36) < radix)) return undefined;
    parsed = parseInt(digits, radix) * (prefixed[1] === '-' ? -1 : 1);
  } else if (/^[+-]?\d+$/.test(value)) parsed = Number(value);
  else return undefined;
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

export class VercodeOperationError extends Error {
  override name = 'VercodeOperationError';
  readonly code = 'VERCODE_OPERATION';
}

/** fdroidserver's VERCODE_OPERATION_RE: digits, spaces, `+ - * /` and `%c`. */
const OPERATION = /^([ 0-9/*+-]|%c)+$/;

/**
 * A VercodeOperation applied to a version code, with checkupdates' semantics:
 * `%c` replaced by the number, then the expression evaluated as Python does
 * (`+ - *` and `**` with Python's precedence, unary minus on a number only, no
 * division: `ast` gives `/` no meaning there, so it is refused).
 */
export function applyVercodeOperation(operation: string, vercode: number): number {
  if (!OPERATION.test(operation))
    throw new VercodeOperationError(
      `VercodeOperation ${JSON.stringify(operation)} may hold only digits, spaces, + - * and %c`,
    );
  const tokens = operation.replace(/%c/g, String(vercode)).match(/\d+|\*\*|[-+*/]|\S/g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new VercodeOperationError(`VercodeOperation ${JSON.stringify(operation)}: ${why}`);
  };
  const peek = () => tokens[at];
  // Python: sum := term (('+'|'-') term)*; term := power (('*') power)*; power := unary ('**' power)?; unary := '-' number | number
  const unary = (): bigint => {
    const t = tokens[at++];
    if (t === '-') {
      const n = tokens[at++];
      if (n === undefined || !/^\d+$/.test(n)) fail('unary minus must be followed by a number');
      return -BigInt(n!);
    }
    if (t === undefined || !/^\d+$/.test(t))
      fail(t === undefined ? 'ends too early' : `unexpected ${JSON.stringify(t)}`);
    return BigInt(t!);
  };
  const power = (): bigint => {
    const base = unary();
    if (peek() !== '**') return base;
    at++;
    const exponent = power();
    if (exponent < 0n || exponent > 64n) fail('exponent out of range');
    return base ** exponent;
  };
  const term = (): bigint => {
    let value = power();
    while (peek() === '*' || peek() === '/') {
      if (tokens[at++] === '/') fail('division is not an operation checkupdates evaluates');
      value *= power();
    }
    return value;
  };
  let value = term();
  while (peek() === '+' || peek() === '-')
    value = tokens[at++] === '+' ? value + term() : value - term();
  if (at !== tokens.length) fail(`unexpected ${JSON.stringify(peek())}`);
  const result = Number(value);
  if (!Number.isSafeInteger(result)) fail('the result is out of range');
  return result;
}

/** VercodeOperation as written: one operation, or a list (one per ABI). */
export function vercodeOperations(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [String(value)];
}
