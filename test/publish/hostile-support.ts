import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { git } from './content-repo.js';

/**
 * What a hostile pull request reaches for, planted the way GitHub Actions
 * leaves it: actions/checkout writes the job's token into `.git/config` as an
 * `http.<url>.extraheader` (AUTHORIZATION: basic base64("x-access-token:TOKEN")).
 */
export interface Secrets {
  token: string;
  /** The header value as it sits in .git/config. */
  header: string;
}

export function plantCheckoutToken(dir: string): Secrets {
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  git(dir, 'config', '--local', 'http.https://github.com/.extraheader', header);
  return { token, header };
}

/** One private key of `.gitota/dev-keys.json` (made by the first --dev-keys publish): a string that must never be published. */
export async function devKeyMarker(dir: string): Promise<string> {
  const keys = JSON.parse(await readFile(join(dir, '.gitota', 'dev-keys.json'), 'utf8')) as {
    targets: string;
  };
  return keys.targets;
}

/** Every blob of `commit`'s tree (the published Pages commit), as bytes. */
export function publishedBlobs(repo: string, commit: string): Buffer[] {
  const listing = execFileSync('git', ['ls-tree', '-r', '-z', commit], { cwd: repo }).toString(
    'utf8',
  );
  const ids = [
    ...new Set(
      listing
        .split('\0')
        .filter(Boolean)
        .map((r) => r.split('\t')[0]?.split(' ')[2] ?? ''),
    ),
  ];
  const out = execFileSync('git', ['cat-file', '--batch'], {
    cwd: repo,
    input: ids.join('\n') + '\n',
    maxBuffer: 1 << 30,
  });
  const blobs: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < ids.length; i++) {
    const eol = out.indexOf(0x0a, offset);
    const size = Number(out.subarray(offset, eol).toString('utf8').split(' ')[2]);
    blobs.push(out.subarray(eol + 1, eol + 1 + size));
    offset = eol + 1 + size + 1;
  }
  return blobs;
}

/** The needles (token, header, dev key, and the config file's own name for the header) any published blob holds. */
export function leaks(repo: string, commit: string, needles: readonly string[]): string[] {
  const found = new Set<string>();
  for (const blob of publishedBlobs(repo, commit))
    for (const needle of needles) if (blob.includes(needle)) found.add(needle);
  return [...found];
}

/** `CODE file:line` of each error, sorted: what a hostile case asserts. */
export function errorsAt(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.file}:${d.line}`)
    .sort();
}

/** `CODE file:line` of each error line of compiler-style text (`file:line:col: error CODE message`). */
export function errorsInText(text: string): string[] {
  return [...text.matchAll(/^(.+?):(\d+):\d+: error (GITOTA\d{3}) /gm)]
    .map((m) => `${m[3]} ${m[1]}:${m[2]}`)
    .sort();
}

/** The 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line holds ${JSON.stringify(needle)}`);
  return index + 1;
}
