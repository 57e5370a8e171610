/**
 * The inverses of gitota's output escaping, for tests only: what a reader (or
 * the GitHub runner, or a CommonMark renderer) gets back from each format.
 * A property test escapes, unescapes with these, and compares.
 */

/** Reads back `escapeText`: `\\`, `\n`, `\t`, `\r`, `\uXXXX`, `\u{X}`. */
export function unescapeText(text: string): string {
  return text.replace(
    /\\(\\|n|t|r|u\{([0-9a-f]+)\}|u([0-9a-f]{4}))/g,
    (_, what: string, astral?: string, bmp?: string) => {
      if (what === '\\') return '\\';
      if (what === 'n') return '\n';
      if (what === 't') return '\t';
      if (what === 'r') return '\r';
      return String.fromCodePoint(parseInt((astral ?? bmp)!, 16));
    },
  );
}

/** What the runner makes of command data (actions/runner ActionCommand.UnescapeData). */
export function runnerUnescapeData(text: string): string {
  return text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}

/** What the runner makes of a property value (ActionCommand.UnescapeProperty). */
export function runnerUnescapeProperty(text: string): string {
  return text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');
}

/** The text a CommonMark code span shows (GFM: `\|` is `|` inside a table cell). */
export function readMarkdownCode(span: string, table: boolean): string {
  if (span === '') return '';
  const fence = /^`+/.exec(span)?.[0] ?? '';
  if (fence === '' || !span.endsWith(fence) || span.length < 2 * fence.length)
    throw new Error(`not a code span: ${span}`);
  let body = span.slice(fence.length, span.length - fence.length);
  if (body.length >= 2 && body.startsWith(' ') && body.endsWith(' ') && !/^ +$/.test(body))
    body = body.slice(1, -1);
  if (table) body = body.replace(/\\\|/g, '|');
  return unescapeText(body);
}

/** The text CommonMark shows for backslash-escaped prose. */
export function readMarkdownText(text: string): string {
  return unescapeText(text.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

export interface RunnerCommand {
  command: string;
  data: string;
}

/**
 * The commands the runner would run for these log lines (actions/runner
 * ActionCommandManager): `::name ...::data` after leading white space, else
 * `##[name ...]data` anywhere; `stop-commands` pauses until `::TOKEN::`.
 * Every command is returned, the pause and resume included.
 */
export function runnerCommands(log: string): RunnerCommand[] {
  const out: RunnerCommand[] = [];
  let stopToken: string | undefined;
  for (const line of log.split('\n')) {
    const parsed = parseV2(line) ?? parseV1(line);
    if (parsed === undefined) continue;
    if (stopToken !== undefined) {
      if (parsed.command.toLowerCase() === stopToken.toLowerCase()) {
        out.push(parsed);
        stopToken = undefined;
      }
      continue;
    }
    out.push(parsed);
    if (parsed.command.toLowerCase() === 'stop-commands') stopToken = parsed.data;
  }
  return out;
}

function parseV2(line: string): RunnerCommand | undefined {
  const message = line.replace(/^[\s\ufeff]+/u, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  return {
    command: space < 0 ? info : info.slice(0, space),
    data: runnerUnescapeData(message.slice(end + 2)),
  };
}

function parseV1(line: string): RunnerCommand | undefined {
  const start = line.indexOf('##[');
  if (start < 0) return undefined;
  const close = line.indexOf(']', start);
  if (close < 0) return undefined;
  const info = line.slice(start + 3, close);
  const space = info.indexOf(' ');
  return { command: space < 0 ? info : info.slice(0, space), data: line.slice(close + 1) };
}
