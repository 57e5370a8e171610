import vm from 'node:vm';

/**
 * F-Droid metadata holds Python `re` patterns (UpdateCheckMode's tag pattern,
 * UpdateCheckData, UpdateCheckIgnore). They are translated once into a
 * JavaScript RegExp that means the same, or refused with the reason; and every
 * match runs under a time limit, because the text matched is an upstream's
 * (a page, a build file) and a backtracking pattern must not hang the run.
 */

export class PatternError extends Error {
  override name = 'PatternError';
  readonly code = 'PATTERN';
}

export class PatternTimeout extends Error {
  override name = 'PatternTimeout';
  readonly code = 'PATTERN_TIMEOUT';
}

export interface PythonPattern {
  source: string;
  regex: RegExp;
}

const FLAG_LETTERS: Record<string, string> = { i: 'i', s: 's', m: 'm' };

/** Translates Python syntax JavaScript spells otherwise; throws PatternError for what has no equivalent. */
export function compilePythonPattern(source: string): PythonPattern {
  let flags = '';
  let body = source;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (inline) {
    for (const letter of inline[1]!) {
      const flag = FLAG_LETTERS[letter];
      if (flag === undefined)
        throw new PatternError(`inline flag (?${letter}) has no JavaScript equivalent`);
      if (!flags.includes(flag)) flags += flag;
    }
    body = body.slice(inline[0].length);
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    const rest = body.slice(i);
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined) throw new PatternError('pattern ends with a lone backslash');
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'Z') out += multiline ? '(?![\\s\\S])' : '$';
      else if (next === 'N' || (next >= '1' && next <= '9' && inClass))
        throw new PatternError(`\\${next} is not supported`);
      else out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']' && !out.endsWith('[') && !out.endsWith('[^')) inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      continue;
    }
    if (rest.startsWith('(?P<')) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(rest);
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    const comment = /^\(\?#[^)]*\)/.exec(rest);
    if (comment) {
      i += comment[0].length - 1;
      continue;
    }
    if (rest.startsWith('(?>') || rest.startsWith('(?(') || /^\(\?[a-zA-Z-]+[:)]/.test(rest))
      throw new PatternError(
        `${rest.slice(0, 4)}… (atomic, conditional or scoped-flag group) is not supported`,
      );
    if (/^[*+?}][+]/.test(rest)) throw new PatternError('possessive quantifiers are not supported');
    // Python's `$` also matches before a final newline; JavaScript's only at the very end.
    if (ch === '$' && !multiline) {
      out += '(?=\\n?$)';
      continue;
    }
    if (rest.startsWith('{,')) {
      out += '{0,';
      i += 1;
      continue;
    }
    out += ch;
  }
  if (inClass) throw new PatternError('unterminated character class [');
  try {
    return { source, regex: new RegExp(out, flags) };
  } catch (error) {
    throw new PatternError(
      `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
      { cause: error },
    );
  }
}

const context = vm.createContext(Object.create(null) as object);
const EXEC = new vm.Script('regex.lastIndex = 0; regex.exec(text)');

/**
 * One match of any RegExp under a time limit (default 1 s); throws
 * PatternTimeout when the limit is reached. Every pattern that comes from a
 * content file or an upstream runs through here.
 */
export function execWithin(
  regex: RegExp,
  text: string,
  timeoutMs = MATCH_TIMEOUT_MS,
): RegExpExecArray | null {
  const sandbox = context as { regex?: RegExp; text?: string };
  sandbox.regex = regex;
  sandbox.text = text;
  try {
    return EXEC.runInContext(context, { timeout: timeoutMs }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new PatternTimeout(
        `matching ${JSON.stringify(regex.source)} took longer than ${timeoutMs} ms`,
        { cause: error },
      );
    throw error;
  } finally {
    delete sandbox.regex;
    delete sandbox.text;
  }
}

export const MATCH_TIMEOUT_MS = 1000;

/** Python's `re.search`: the first match anywhere. */
export function pythonSearch(
  pattern: PythonPattern,
  text: string,
  timeoutMs = MATCH_TIMEOUT_MS,
): RegExpExecArray | null {
  const regex = new RegExp(
    pattern.regex.source,
    pattern.regex.flags.replace('y', '').replace('g', ''),
  );
  return execWithin(regex, text, timeoutMs);
}

/** Python's `re.match`: a match that starts at the beginning (not necessarily to the end). */
export function pythonMatch(
  pattern: PythonPattern,
  text: string,
  timeoutMs = MATCH_TIMEOUT_MS,
): RegExpExecArray | null {
  const regex = new RegExp(
    pattern.regex.source,
    pattern.regex.flags.replace('g', '') + (pattern.regex.flags.includes('y') ? '' : 'y'),
  );
  return execWithin(regex, text, timeoutMs);
}

/** `m.group(1)`, which must have taken part in the match. */
export function firstGroup(match: RegExpExecArray, what: string): string {
  const group = match[1];
  if (match.length < 2)
    throw new PatternError(`the ${what} pattern has no group ( ) to take the value from`);
  if (group === undefined)
    throw new PatternError(`the ${what} pattern's first group took no part in the match`);
  return group;
}
