import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { CORPUS_DIR } from '../support/corpus.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = CORPUS_DIR;

const CONTENT = [
  'gitota.yaml',
  'devices',
  'releases',
  'apps',
  'package-lists',
  'update-locations',
  'packs',
  'files',
  'schemas',
];

/** A temporary copy of the example content repository; `cleanup` removes it. */
export async function copyExampleRepository(): Promise<{
  root: string;
  cleanup: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-commands-'));
  for (const name of CONTENT) {
    await cp(join(PROJECT_ROOT, name), join(root, name), { recursive: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A folder the example content does not have yet is simply not copied.
        if (error.code !== 'ENOENT') throw error;
      },
    );
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Runs the CLI in-process in `cwd`; returns the exit code and everything printed. */
export async function runGitota(
  argv: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo({ cwd, env: { SOURCE_DATE_EPOCH: '1900000000', ...env } });
  const code = await runCli(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}
