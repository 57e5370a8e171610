/**
 * Shapes of YAML that js-yaml reads differently from the YAML 1.2 spec (and
 * from the `yaml` package), found by the loader's fuzz test. Text that may
 * hold one is not read on the fast path. Each check may match more than the
 * deviation (the exact parse then runs: slower, never wrong), never less.
 */
const DEVIATIONS = new RegExp(
  [
    // A list item that is itself a list, written on the same line (`- - a`): js-yaml
    // gives `- -\n-` as [[null, null]], where YAML says [[null], null].
    String.raw`^[ \t]*-[ \t]+-(?:[ \t]|$)`,
    // A carriage return not followed by a line feed: js-yaml takes it as a line break
    // (folding `a\rb` to "a b"), the yaml package as a character of the scalar.
    String.raw`\r(?!\n)`,
    // Tabs: js-yaml takes `\t0` as the number 0 where YAML refuses tab indentation, and
    // the two differ on tabs as separators. No corpus file holds a tab at all.
    String.raw`\t`,
    // A byte-order mark after the start (the yaml package takes it as one, js-yaml as text),
    // and YAML 1.1's extra line breaks (NEL, U+2028, U+2029), which readers count differently.
    String.raw`[\uFEFF\u0085\u2028\u2029]`,
    // A comment right after a flow collection or a quoted scalar (`a: []#x`): js-yaml
    // takes it, YAML wants white space before `#`. (Also matches `'s#x#y#'` in a script.)
    String.raw`[\]}"']#`,
    // A block scalar with an explicit indentation indicator (`|2`): the two count the
    // indentation of a top-level one differently.
    String.raw`[|>](?:[+-]?[1-9]|[1-9][+-]?)[ ]*(?:#.*)?$`,
    // Document markers and directives: js-yaml takes `----` as `---` and `-`, where YAML
    // makes it a plain scalar. A content file holds one document and needs none of them.
    String.raw`^(?:---|\.\.\.|%)`,
    // A block scalar that keeps its trailing line breaks (`|+`, `>+`): js-yaml counts a last
    // line of spaces with no line break as one more. No corpus file keeps them.
    String.raw`[|>][1-9]?\+`,
  ].join('|'),
  'm',
);

/** Whether the text may hold a shape js-yaml reads wrongly (see DEVIATIONS and the two checks below). */
export function mayDeviateInJsYaml(text: string): boolean {
  return DEVIATIONS.test(text) || mayHoldMultilineNode(text);
}

/** Characters that make a line worth a closer look: brackets and quotes. */
const INTERESTING = /[[\]{}'"]/g;
/** `[` or `{` after an indicator on the line: `: [`, `- {`, `, [`, `? [`. */
const FLOW_AFTER_INDICATOR = /[:,?-][ ]+[[{]/;
/** `[` or `{` first on the line. */
const FLOW_FIRST = /^[ ]*[[{]/;
/** A quote that starts a value: after `: `, `, `, a `- ` or `? ` indicator, or a bracket. */
const QUOTE_START = /(?:[:,]|(?:^|[ ])[?-])[ ]+(['"])|[[{][ ]*(['"])/g;
/** A quote first on the line. */
const QUOTE_FIRST = /^[ ]*(['"])/;

/**
 * A flow collection or a quoted value that goes on past its line (`a: [b,`
 * then `]`; `a: "b` then `c"`): js-yaml takes continuation lines that YAML
 * says are not indented enough. Only lines with a bracket or a quote are
 * looked at. A flow collection is found as a line whose brackets do not
 * balance and where one starts a node: after an indicator, or first on the
 * line when the line before ends a key (`a:`) or an indicator, or there is
 * none; a quoted value likewise, as one that does not close on its line.
 * A script line such as `sed '/android {/a x'`, or the continuation of a
 * plain scalar, starts no node.
 */
function mayHoldMultilineNode(text: string): boolean {
  INTERESTING.lastIndex = 0;
  for (let found = INTERESTING.exec(text); found !== null; found = INTERESTING.exec(text)) {
    const start = text.lastIndexOf('\n', found.index) + 1;
    let end = text.indexOf('\n', found.index);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const startsNode = previousEndsKey(text, start);
    if (
      unbalancedBrackets(line) &&
      (FLOW_AFTER_INDICATOR.test(line) || (FLOW_FIRST.test(line) && startsNode))
    )
      return true;
    if (opensMultilineQuote(line, startsNode)) return true;
    INTERESTING.lastIndex = end;
  }
  return false;
}

function unbalancedBrackets(line: string): boolean {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return depth !== 0;
}

/** Whether the last line with content before `lineStart` ends in `:` or `-` (so a node may start this line), or there is none. */
function previousEndsKey(text: string, lineStart: number): boolean {
  // `end` is the line break that ends the line looked at.
  for (let end = lineStart - 1; end >= 0;) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    const content = text
      .slice(start, end)
      .replace(/\s+#.*$|^\s*#.*$/, '')
      .trimEnd();
    if (content !== '') return /[:-]$/.test(content);
    end = start - 1;
  }
  return true;
}

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
