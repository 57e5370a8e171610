/**
 * Whether YAML text may hold a node property (`&anchor`, `*alias`, `!tag`),
 * decided from the text alone, so that text which cannot goes to the fast
 * parser. False only when no spot in the text can start one; anything
 * uncertain says true (the exact parser then runs: slower, never wrong).
 *
 * A property starts a node, and a node starts only at the start of a line
 * (after indentation), after an indicator (`- `, `? `, `: `), after a flow
 * indicator (`[`, `{`, `,`), or after another property. Everywhere else, as in
 * the `cd app && make` of a build script or `*.example.org` in a sentence,
 * `&`, `*` and `!` are text inside a scalar.
 */
export function mayHoldNodeProperty(text: string): boolean {
  // A plain search and a look at the neighbours: a look-behind regex costs several times more on megabytes of text.
  PROPERTY_CHAR.lastIndex = 0;
  for (let match = PROPERTY_CHAR.exec(text); match !== null; match = PROPERTY_CHAR.exec(text)) {
    if (isCandidate(text, match.index) && mayStartNode(text, match.index)) return true;
  }
  return false;
}

const PROPERTY_CHAR = /[&*!]/g;

/** `&` or `*` followed by a name character, or any `!`, after white space, a flow indicator, `:` or the text's start. */
function isCandidate(text: string, at: number): boolean {
  if (at > 0 && !AFTER.test(text[at - 1]!)) return false;
  if (text[at] === '!') return true;
  const next = text[at + 1];
  return next !== undefined && !NOT_A_NAME.test(next);
}

const AFTER = /[\s[{,:]/;
const NOT_A_NAME = /[\s[\]{},]/;

/** Characters after which (skipping spaces and tabs) a node, and so a property, may start. */
const NODE_START_AFTER = new Set(['-', '?', ':', '[', '{', ',']);

function mayStartNode(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (before < 0) return true;
  const previous = text[before]!;
  // A line break, or any other white space YAML might not count as a separator (no-break space, BOM, U+2028): uncertain.
  if (/\s/.test(previous) || NODE_START_AFTER.has(previous)) return true;
  // The previous token may itself be a property (`&a !t value`).
  let tokenStart = before;
  while (tokenStart > 0 && !/\s/.test(text[tokenStart - 1]!)) tokenStart--;
  const first = text[tokenStart]!;
  return first === '&' || first === '*' || first === '!';
}
