import { execFileSync } from 'node:child_process';
import {
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule } from './rules/rule.js';
import { RULES } from './rules/index.js';
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
const PAYLOAD = 'files/FP4/lineage-22.1-20261018-nightly-FP4-signed.zip';

let repo: string;
let runs: number;

/** Every registered rule plus one that counts how often the rules ran. */
const counting: Rule = {
  name: 'test-count-runs',
  description: 'counts runs',
  check() {
    runs++;
    return [];
  },
};
const rules = [...RULES, counting];

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}

beforeEach(async () => {
  runs = 0;
  repo = await mkdtemp(join(tmpdir(), 'gitota-stamp-'));
  for (const path of COPIED) await cp(join(EXAMPLE, path), join(repo, path), { recursive: true });
  // Payloads are tracked (an ignored file is never a payload: src/git/tracked-tree.ts).
  await writeFile(join(repo, '.gitignore'), '.gitota/\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'content');
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

function observable(result: ValidationResult): string {
  return JSON.stringify({
    diagnostics: result.diagnostics,
    content: result.content,
    files: [...result.files.keys()],
  });
}

async function validate(
  options: { now?: number; reuse?: boolean; paths?: string[] } = {},
): Promise<ValidationResult> {
  const { now = NOW, ...rest } = options;
  return validateRepository(repo, { now, index: true, rules, ...rest });
}

describe('the validation stamp', () => {
  it('lets a second command reuse the findings of the same clean tree, without running the rules', async () => {
    const release = 'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml';
    await appendFile(join(repo, release), 'unknown_field: 1\n');
    git('commit', '-q', '-am', 'a finding to keep');
    const first = await validate({ paths: [release] });
    expect(runs).toBe(1);
    expect(first.diagnostics.some((d) => d.file === release && d.severity === 'error')).toBe(true);
    const full = await validateRepository(repo, { now: NOW, rules });
    runs = 0;
    const reused = await validate({ reuse: true });
    expect(runs).toBe(0);
    // Every finding (not only those of the path asked about first), and the same model.
    expect(observable(reused)).toBe(observable(full));
    expect(
      JSON.parse(
        await readFile(join(repo, '.gitota', 'cache', 'validated.json'), 'utf8'),
      ).payloads.map((p: string[]) => p[0]),
    ).toContain('files/FP4/lineage-22.1-20261025-nightly-FP4-signed.zip');
  });

  it('runs the rules again without reuse, or when the work tree has anything uncommitted', async () => {
    await validate();
    await validate();
    expect(runs).toBe(2);
    await writeFile(join(repo, 'releases', 'notes.txt'), 'untracked\n');
    await validate({ reuse: true });
    expect(runs).toBe(3);
    await rm(join(repo, 'releases', 'notes.txt'));
    await appendFile(join(repo, 'gitota.yaml'), '# edited\n');
    await validate({ reuse: true });
    expect(runs).toBe(4);
    git('commit', '-q', '-am', 'edit');
    await validate({ reuse: true });
    expect(runs).toBe(5);
    await validate({ reuse: true });
    expect(runs).toBe(5);
  });

  it('never holds with a link among the content files (its target may change where git does not look)', async () => {
    const release = 'releases/FP4/lineage-22.1-20261025-nightly-FP4-signed.yaml';
    await mkdir(join(repo, 'outside'));
    await rename(join(repo, release), join(repo, 'outside', 'release.yaml'));
    await symlink('../../outside/release.yaml', join(repo, release));
    git('add', '-A');
    git('commit', '-q', '-m', 'link');
    await validate();
    await validate({ reuse: true });
    expect(runs).toBe(2);
  });

  it('notices a payload git does not see change', async () => {
    const clean = await validate();
    expect(clean.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // git no longer looks at the file's stat data: the stamp must notice the change by itself.
    git('update-index', '--assume-unchanged', PAYLOAD);
    await appendFile(join(repo, PAYLOAD), 'x');
    const changed = await validate({ reuse: true });
    expect(runs).toBe(2);
    expect(
      changed.diagnostics.some((d) => d.severity === 'error' && d.file.startsWith('releases/FP4/')),
    ).toBe(true);
  });

  it('holds for a later clock only when no finding depended on the clock', async () => {
    await validate();
    await validate({ reuse: true, now: NOW + 60 });
    expect(runs).toBe(1);
    await validate({ reuse: true, now: NOW - 60 });
    expect(runs).toBe(2);
    // A build dated after now: its finding would go away later, so a later clock runs the rules.
    const release = 'releases/FP4/lineage-22.1-20261018-nightly-FP4-signed.yaml';
    const text = await readFile(join(repo, release), 'utf8');
    await writeFile(
      join(repo, release),
      text.replace(/^datetime: \d+$/m, `datetime: ${NOW + 30 * 86_400}`),
    );
    git('commit', '-q', '-am', 'future');
    const future = await validate();
    expect(future.diagnostics.some((d) => d.code === 'GITOTA108')).toBe(true);
    await validate({ reuse: true, now: NOW + 60 });
    expect(runs).toBe(4);
  });
});
