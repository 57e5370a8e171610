import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatText } from '../src/diagnostics/render.js';
import { validateRepository } from '../src/validate/index.js';
import { FDROID_METADATA_DIR } from './support/corpus.js';

const CORPUS = FDROID_METADATA_DIR;
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** 2030-03-17: after every example build date (they are set in 2026). */
const NOW = 1_900_000_000;

/** The real fdroiddata metadata as `apps/` of a fresh repository: every file must validate with no error. */
describe('validating real content', () => {
  let root: string;
  let names: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gitota-corpus-'));
    await mkdir(join(root, 'apps'));
    names = (await readdir(CORPUS)).filter((n) => n.endsWith('.yml'));
    await Promise.all(names.map((n) => copyFile(join(CORPUS, n), join(root, 'apps', n))));
    await writeFile(
      join(root, 'gitota.yaml'),
      'site:\n  base_url: https://ota.example.org/\n  title: Corpus\nchannels:\n  stable:\n    approvals: 0\n',
    );
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('validates every fdroiddata metadata file with no error, fast', async () => {
    const cold = await validateRepository(root, { now: NOW });
    const warm = await validateRepository(root, { now: NOW });
    // Measured, not asserted: CI machines vary; the benchmark tracks it.
    console.log(
      `fdroiddata: ${warm.stats.files} files, cold ${Math.round(cold.stats.ms)} ms (schema compile included), warm ${Math.round(warm.stats.ms)} ms (${Math.round((warm.stats.files * 1000) / warm.stats.ms)} files/s)`,
    );
    expect(names.length).toBeGreaterThan(250);
    expect(warm.content.apps.length).toBe(names.length);
    expect(formatText(warm.diagnostics.filter((d) => d.severity === 'error'))).toBe('');
  });

  it('validates the example content at the repository root with no error', async () => {
    const result = await validateRepository(REPO_ROOT, { now: NOW });
    expect(formatText(result.diagnostics.filter((d) => d.severity === 'error'))).toBe('');
    expect(result.content.devices.length).toBeGreaterThanOrEqual(8);
  });
});
