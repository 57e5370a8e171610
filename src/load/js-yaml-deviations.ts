/**
 * Shapes of YAML that js-yaml reads differently from the YAML 1.2 spec (and
 * from the `yaml` package), found by the loader's fuzz test. Text that may
 * hold one is not read on the fast path. Each pattern may match more than the
 * deviation (the exact parse then runs: slower, never wrong), never less.
 */
const DEVIATIONS: readonly RegExp[] = [
  // A list item that is itself a list, written on the same line (`- - a`): js-yaml
  // gives `- -\n-` as [[null, null]], where YAML says [[null], null].
  /^[ \t]*-[ \t]+-(?:[ \t]|$)/m,
  // A carriage return not followed by a line feed: js-yaml takes it as a line break
  // (folding `a\rb` to "a b"), the yaml package as a character of the scalar.
  /\r(?!\n)/,
  // Tabs: js-yaml takes `\t0` as the number 0 where YAML refuses tab indentation, and
  // the two differ on tabs as separators. No corpus file holds a tab at all.
  /\t/,
  // A byte-order mark after the start (the yaml package takes it as one, js-yaml as text),
  // and YAML 1.1's extra line breaks (NEL, U+2028, U+2029), which readers count differently.
  /[\uFEFF\u0085\u2028\u2029]/,
  // A comment right after a flow collection or a quoted scalar (`a: []#x`): js-yaml
  // takes it, YAML wants white space before `#`. (Also matches `'s#x#y#'` in a script.)
  /[\]}"']#/,
  // A block scalar with an explicit indentation indicator (`|2`): the two count the
  // indentation of a top-level one differently.
  /[|>](?:[+-]?[1-9]|[1-9][+-]?)[ ]*(?:#.*)?$/m,
  // Document markers and directives: js-yaml takes `----` as `---` and `-`, where YAML
  // makes it a plain scalar. A content file holds one document and needs none of them.
  /^(?:---|\.\.\.|%)/m,
];

/** Whether the text may hold a shape js-yaml reads wrongly (see DEVIATIONS). */
export function mayDeviateInJsYaml(text: string): boolean {
  return DEVIATIONS.some((pattern) => pattern.test(text)) || mayHoldMultilineFlow(text);
}

/** `[` or `{` after an indicator on the line: `: [`, `- {`, `, [`, `? [`. */
const FLOW_AFTER_INDICATOR = /[:,?-][ ]+[[{]/;
/** `[` or `{` first on the line. */
const FLOW_FIRST = /^[ ]*[[{]/;

/** A quote that starts a value: after `: `, `, `, a `- ` or `? ` indicator, or a bracket. */
const QUOTE_START = /(?:[:,]|(?:^|[ ])[?-])[ ]+(['"])|[[{][ ]*(['"])/g;
/** A quote first on the line. */
const QUOTE_FIRST = /^[ ]*(['"])/;

/**
 * A quoted value that starts on this line and does not end on it: js-yaml
 * takes continuation lines that YAML says are not indented enough. A quote
 * first on the line starts a value when the line before ends a key or an
 * indicator (`a:`); otherwise it continues a plain scalar (a script line).
 */
function opensMultilineQuote(line: string, startsNode: boolean): boolean {
  const first = QUOTE_FIRST.exec(line);
  if (first !== null && startsNode && closingQuote(line, first[0].length - 1) < 0) return true;
  QUOTE_START.lastIndex = 0;
  for (let m = QUOTE_START.exec(line); m !== null; m = QUOTE_START.exec(line)) {
    const close = closingQuote(line, m.index + m[0].length - 1);
    if (close < 0) return true;
    QUOTE_START.lastIndex = close + 1;
  }
  return false;
}

/** Where the quoted scalar opened at `open` ends on the line, or -1. */
function closingQuote(line: string, open: number): number {
  const quote = line[open]!;
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * A flow collection that goes on past its line (`a: [b,` then `]`): js-yaml
 * takes a closing bracket that YAML says is not indented enough. Found as a
 * line whose brackets do not balance and where one starts a node: after an
 * indicator, or first on the line when the line before it ends a key (`a:`)
 * or there is none. A script line such as `sed '/android {/a x'`, or the
 * continuation of a plain scalar that starts with `{`, starts no node.
 */
function mayHoldMultilineFlow(text: string): boolean {
  let previous = '';
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let depth = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x7b) depth++;
      else if (c === 0x5d || c === 0x7d) depth--;
    }
    const line = text.slice(start, end);
    const startsNode = previous === '' || /[:-]$/.test(previous);
    if (depth !== 0 && (FLOW_AFTER_INDICATOR.test(line) || (FLOW_FIRST.test(line) && startsNode))) return true;
    if (opensMultilineQuote(line, startsNode)) return true;
    const content = line.replace(/\s+#.*$|^\s*#.*$/, '').trimEnd();
    if (content !== '') previous = content;
    start = end + 1;
  }
  return false;
}
