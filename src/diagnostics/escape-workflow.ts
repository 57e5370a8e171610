import { escapeCodePoint, UNSAFE_CHARACTERS } from './unsafe-characters.js';

/**
 * GitHub Actions' runner reads every line a step prints, and two kinds of line
 * are commands to it: one that starts with `::` after leading white space
 * (`::add-mask::`, `::stop-commands::`, annotations), and, anywhere in a line
 * that is not such a command, `##[name]` (the older syntax). The escaping is
 * the runner's own (actions/runner ActionCommand): data unescapes `%0D`,
 * `%0A`, `%25`; properties also `%3A`, `%2C`. The runner has no escape for
 * other control or bidi characters, so they are shown as visible escapes.
 */

/** Workflow command data: `%`, CR and LF escaped as the runner unescapes them; other unsafe characters made visible. */
export function escapeData(value: string): string {
  return value
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(UNSAFE_CHARACTERS, (c) => escapeCodePoint(c.codePointAt(0) ?? 0));
}

/** Workflow command property values: also `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A line the runner would take as a command: `::` first after white space (.NET's TrimStart), or `##[` anywhere. */
const COMMAND_LIKE = /^[\p{White_Space}\ufeff]*::|##\[/mu;

/**
 * Log text that the runner shows and never runs. Unsafe characters other than
 * line feeds become visible escapes; when a line would still read as a
 * command (content that starts with `::`, or holds `##[`), the text goes
 * between `::stop-commands::TOKEN` and `::TOKEN::`, the runner's own way to
 * print untrusted text, with a token the text cannot contain.
 */
export function formatLogText(text: string, newToken: () => string): string {
  const shown = text.replace(UNSAFE_CHARACTERS, (c) =>
    c === '\n' ? c : escapeCodePoint(c.codePointAt(0) ?? 0),
  );
  if (!COMMAND_LIKE.test(shown)) return shown;
  let token = newToken();
  for (let tries = 1; token === '' || shown.includes(token); tries++) {
    if (tries === 10)
      throw new Error('no stop-commands token found that the log text does not contain');
    token = newToken();
  }
  return `::stop-commands::${token}\n${shown}\n::${token}::`;
}
