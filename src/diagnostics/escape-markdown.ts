import { escapeText } from './escape-text.js';

/**
 * GitHub-flavoured Markdown for the job summary and the pull request comment.
 * Content (a file name, a release id, a changelog line quoted in a message)
 * must not close a table, open a link or an image, or bring raw HTML; and
 * what the reader sees must be what the content says. Two functions:
 *
 * - `markdownCode`: a code span. Nothing inside is Markdown or HTML, and
 *   GitHub links no @mention or URL in it, so it is the form for names.
 * - `markdownText`: prose. Every ASCII punctuation character is backslash-
 *   escaped, which CommonMark defines as that literal character: no emphasis,
 *   link, image, HTML, entity, autolink or table pipe can start.
 *
 * Both first apply `escapeText`: the rendered text is exactly the text
 * format's, on one line.
 */

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

export function markdownText(text: string): string {
  return escapeText(text).replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * A code span showing `text` exactly. `table`: inside a GFM table row, where
 * `|` ends the cell even in a code span unless written `\|` (GitHub then shows `|`).
 */
export function markdownCode(text: string, options: { table?: boolean } = {}): string {
  let body = escapeText(text);
  if (options.table) body = body.replace(/\|/g, '\\|');
  if (body === '') return '';
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space from each end when both ends have one: pad so that exactly the padding goes.
  const pad = /^[` ]|[` ]$/.test(body) && !/^ +$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
