import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { escapeTerminalOutput } from '../diagnostics/escape-text.js';
import { escapeData, escapeProperty, formatLogText } from '../diagnostics/escape-workflow.js';

/**
 * GitHub Actions' runner protocols in one file: workflow commands on stdout
 * (`::add-mask::`, `::warning::`, groups) and the environment files
 * (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). Escaping is the one in
 * src/diagnostics/escape-workflow.ts, the same as the annotations'. Nothing
 * else in gitota writes these. A log line can hold content, so it is written
 * so that the runner cannot take it for a command (`formatLogText`).
 */

/** Everything the Action says to the runner. Library code gets one of these; it never writes stdout itself. */
export interface ActionReporter {
  /** Registers a secret: the runner replaces it with *** in every later log line. */
  mask(secret: string): void;
  /** A plain log line. */
  info(text: string): void;
  /** Raw workflow-command lines (annotations from `formatGithub`). */
  commands(text: string): void;
  /** An annotation without a file. */
  annotate(kind: 'error' | 'warning' | 'notice', message: string, title?: string): void;
  startGroup(title: string): void;
  endGroup(): void;
  /** Appends Markdown to the job summary. */
  summary(markdown: string): void;
  /** Sets a step output (multi-line safe). */
  output(name: string, value: string): void;
}

/** `::name key=value,...::message`, escaped. */
export function formatCommand(
  name: string,
  properties: Readonly<Record<string, string>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

/**
 * `name<<DELIMITER\nvalue\nDELIMITER\n`, the heredoc form of environment files:
 * safe for any value because the random delimiter is checked not to occur in it.
 */
export function formatFileCommand(
  name: string,
  value: string,
  delimiter = `ghadelimiter_${randomUUID()}`,
): string {
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`value of ${name} contains the delimiter ${delimiter}`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

export interface RunnerFiles {
  /** GITHUB_OUTPUT. */
  outputFile?: string;
  /** GITHUB_STEP_SUMMARY. */
  summaryFile?: string;
}

/** A fresh `::stop-commands::` token: unpredictable, so no content can end the pause early. */
export function newStopToken(): string {
  return `gitota-${randomUUID()}`;
}

/** The reporter of a real run: stdout for commands and logs, the runner's files for outputs and the summary. */
export function createRunnerReporter(
  write: (text: string) => void,
  files: RunnerFiles,
  stopToken: () => string = newStopToken,
): ActionReporter {
  const line = (text: string) => write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    mask: (secret) => {
      // The runner masks line by line: each line of a multi-line secret separately.
      for (const part of secret.split(/\r?\n/))
        if (part.trim() !== '') line(formatCommand('add-mask', {}, part));
    },
    info: (text) => line(formatLogText(text, stopToken)),
    commands: (text) => {
      // Lines from formatGithub, already escaped; the net catches anything unsafe they might still hold.
      if (text !== '') write(escapeTerminalOutput(text));
    },
    annotate: (kind, message, title) =>
      line(formatCommand(kind, title !== undefined ? { title } : {}, message)),
    startGroup: (title) => line(formatCommand('group', {}, title)),
    endGroup: () => line('::endgroup::'),
    summary: (markdown) => {
      if (files.summaryFile === undefined || files.summaryFile === '') return;
      // The Markdown escapes its content (src/diagnostics/escape-markdown.ts); this is the net under it.
      const safe = escapeTerminalOutput(markdown);
      appendFileSync(files.summaryFile, safe.endsWith('\n') ? safe : `${safe}\n`, 'utf8');
    },
    output: (name, value) => {
      if (files.outputFile !== undefined && files.outputFile !== '') {
        appendFileSync(files.outputFile, formatFileCommand(name, value), 'utf8');
        return;
      }
      // Old runners without GITHUB_OUTPUT: the deprecated command still works there.
      line(formatCommand('set-output', { name }, value));
    },
  };
}

/**
 * An in-memory reporter: for tests, and for running the Action's logic outside a runner.
 * The log holds what the runner would be sent.
 */
export function createMemoryReporter(stopToken: () => string = newStopToken): ActionReporter & {
  log: string[];
  masked: string[];
  summaries: string[];
  outputs: Map<string, string>;
} {
  const log: string[] = [];
  const masked: string[] = [];
  const summaries: string[] = [];
  const outputs = new Map<string, string>();
  return {
    log,
    masked,
    summaries,
    outputs,
    mask: (s) => void masked.push(s),
    info: (t) => void log.push(formatLogText(t, stopToken)),
    commands: (t) => void log.push(escapeTerminalOutput(t)),
    annotate: (kind, message, title) =>
      void log.push(formatCommand(kind, title !== undefined ? { title } : {}, message)),
    startGroup: (t) => void log.push(formatCommand('group', {}, t)),
    endGroup: () => void log.push('::endgroup::'),
    summary: (m) => void summaries.push(escapeTerminalOutput(m)),
    output: (n, v) => void outputs.set(n, v),
  };
}
