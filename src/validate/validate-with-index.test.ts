import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cp,
  mkdtemp,
  readFile,
  rename,
  rm,
  writeFile,
  appendFile,
  readdir,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateRepository, type ValidationResult } from './validate-content.js';

const EXAMPLE = resolve(import.meta.dirname, '../..');
const NOW = 1_795_000_000;
const COPIED = [
  'gitota.yaml',
  'devices',
  'releases',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
  'files',
];

let repo: string;
let cache: string;

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'gitota-index-'));
  cache = join(repo, '.gitota', 'cache');
  for (const path of COPIED) await cp(join(EXAMPLE, path), join(repo, path), { recursive: true });
  await writeFile(join(repo, '.gitignore'), '.gitota/\n');
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.org', '-c', 'user.name=t', 'add', '-A');
  git('-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-q', '-m', 'content');
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

/** What a caller sees: the diagnostics and the model, as JSON (lazy app metadata included). */
function observable(result: ValidationResult): string {
  return JSON.stringify({
    diagnostics: result.diagnostics,
    content: result.content,
    files: [...result.files.keys()],
  });
}

/** Cold, then indexed twice (the second from the index the first wrote): all three the same. */
async function expectSameAsCold(): Promise<{ cold: ValidationResult }> {
  const cold = await validateRepository(repo, { now: NOW });
  const first = await validateRepository(repo, { now: NOW, index: true });
  const second = await validateRepository(repo, { now: NOW, index: true });
  expect(observable(first)).toBe(observable(cold));
  expect(observable(second)).toBe(observable(cold));
  // Positions of indexed files are still found (text read on demand).
  for (const [path, file] of second.files) expect(file.text).toBe(cold.files.get(path)?.text);
  return { cold };
}

async function firstRelease(): Promise<string> {
  const device = (await readdir(join(repo, 'releases')))[0]!;
  const name = (await readdir(join(repo, 'releases', device)))[0]!;
  return `releases/${device}/${name}`;
}

describe('validateRepository with the content index', () => {
  it('gives the cold result, and writes an index the next run uses', async () => {
    await expectSameAsCold();
    expect((await readdir(cache)).sort()).toEqual([
      'content-index-apps.json',
      'content-index.json',
      'validated.json',
    ]);
    const index = await readFile(join(cache, 'content-index.json'), 'utf8');
    expect(index).toContain('"releases/');
  });

  it('follows edits in the work tree, committed or not, that break or fix files', async () => {
    await expectSameAsCold();
    const release = await firstRelease();
    await appendFile(join(repo, release), 'unknown_field: 1\n');
    const { cold } = await expectSameAsCold();
    expect(cold.diagnostics.some((d) => d.file === release && d.severity === 'error')).toBe(true);
    git('-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-q', '-am', 'break');
    await expectSameAsCold();
    const app = (await readdir(join(repo, 'apps'))).find((n) => n.endsWith('.yml'))!;
    await appendFile(join(repo, 'apps', app), 'License: not-a-licence\n');
    const after = await expectSameAsCold();
    expect(after.cold.diagnostics.some((d) => d.file === `apps/${app}`)).toBe(true);
  });

  it('follows deletions, renames and new untracked files', async () => {
    await expectSameAsCold();
    const device = (await readdir(join(repo, 'devices')))[0]!;
    await rm(join(repo, 'devices', device));
    await expectSameAsCold();
    const app = (await readdir(join(repo, 'apps'))).find((n) => n.endsWith('.yml'))!;
    await rename(join(repo, 'apps', app), join(repo, 'apps', `renamed.${app}`));
    git('add', '-A');
    await expectSameAsCold();
    const release = await firstRelease();
    await writeFile(
      join(repo, release.replace(/\.yaml$/, '-copy.yaml')),
      await readFile(join(repo, release)),
    );
    const { cold } = await expectSameAsCold();
    expect(cold.diagnostics.length).toBeGreaterThan(0);
  });

  it('ignores a corrupt, truncated or foreign index', async () => {
    await expectSameAsCold();
    const indexFile = join(cache, 'content-index.json');
    const good = await readFile(indexFile, 'utf8');
    // Same length, one byte of an entry changed: the body's hash no longer matches.
    await writeFile(indexFile, good.replace('"valid":true', '"valid":fals'));
    await expectSameAsCold();
    await writeFile(indexFile, good.slice(0, good.length / 2));
    await expectSameAsCold();
    await writeFile(join(cache, 'content-index-apps.json'), 'not json');
    await expectSameAsCold();
    await writeFile(indexFile, good.replace(/"fingerprint":"[0-9a-f]+"/, '"fingerprint":"other"'));
    await expectSameAsCold();
  });

  it('never trusts an index entry whose blob differs, even when the index says otherwise', async () => {
    await expectSameAsCold();
    const release = await firstRelease();
    // Rewrite the index so the release's entry claims the *new* bytes' blob but keeps old findings:
    // a stale entry can only be used if git's blob id for the file matches, which it then does not.
    await appendFile(join(repo, release), 'status: nonsense\n');
    const cold = await validateRepository(repo, { now: NOW });
    const indexed = await validateRepository(repo, { now: NOW, index: true });
    expect(observable(indexed)).toBe(observable(cold));
  });

  it('takes unchanged files from the index (a forged entry with a valid checksum shows through)', async () => {
    await expectSameAsCold();
    const release = await firstRelease();
    const indexFile = join(cache, 'content-index.json');
    const text = await readFile(indexFile, 'utf8');
    const eol = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, eol)) as { sha256: string };
    const body = JSON.parse(text.slice(eol + 1)) as Record<string, { diagnostics: unknown[] }>;
    body[release]!.diagnostics.push({
      code: 'GITOTA999',
      severity: 'notice',
      message: 'from the index',
      file: release,
      line: 1,
      column: 1,
    });
    const forged = JSON.stringify(body);
    header.sha256 = createHash('sha256').update(forged).digest('hex');
    await writeFile(indexFile, `${JSON.stringify(header)}\n${forged}`);
    const indexed = await validateRepository(repo, { now: NOW, index: true });
    expect(indexed.diagnostics.map((d) => d.message)).toContain('from the index');
    // Once the file changes, the forged entry is no longer used.
    await appendFile(join(repo, release), '# edited\n');
    const edited = await validateRepository(repo, { now: NOW, index: true });
    expect(edited.diagnostics.map((d) => d.message)).not.toContain('from the index');
  });

  it('works outside git (no index is used or needed)', async () => {
    await rm(join(repo, '.git'), { recursive: true, force: true });
    await expectSameAsCold();
  });
});
