/**
 * Test support for the semantic rules: real content repositories in temp directories,
 * loaded into a RuleContext and checked by the real RULES.
 *
 * Everything goes through the engine's `validateRepository`, so positions and the model are
 * exactly what `gitota validate` reports.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { createRepoFiles, validateRepository } from '../../../src/validate/index.js';
import type { Rule, RuleContext } from '../../../src/validate/rules/rule.js';

/** The repository root (the example content lives there). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** 2026-11-20T00:00:00Z: after every example build. */
export const EXAMPLE_NOW = 1795132800;

const EXAMPLE_PARTS = [
  'gitota.yaml',
  'devices',
  'releases',
  'files',
  'package-lists',
  'update-locations',
];

export async function makeTempRepository(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gitota-rules-'));
}

/** A temp repository holding a copy of the example content. */
export async function copyExampleRepository(): Promise<string> {
  const root = await makeTempRepository();
  for (const part of EXAMPLE_PARTS)
    await cp(join(PROJECT_ROOT, part), join(root, part), { recursive: true });
  return root;
}

export async function removeRepository(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

export async function writeRepoFile(
  root: string,
  path: string,
  content: string | Uint8Array,
): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

/** Replaces exactly one occurrence of `from` in a repository file (fails loudly otherwise). */
export async function editRepoFile(
  root: string,
  path: string,
  from: string | RegExp,
  to: string,
): Promise<void> {
  const text = await readFile(join(root, path), 'utf8');
  const count =
    typeof from === 'string'
      ? text.split(from).length - 1
      : [...text.matchAll(new RegExp(from, 'gm'))].length;
  if (count !== 1)
    throw new Error(`${path}: expected one match of ${String(from)}, found ${count}`);
  await writeFile(join(root, path), text.replace(from, to));
}

/**
 * Validates a repository as `gitota validate` does (load, schemas, every rule): a rule test
 * that expects exactly one finding also proves its fixture is otherwise valid.
 */
export async function checkRepository(
  root: string,
  options: { now?: number; rules?: readonly Rule[] } = {},
): Promise<Diagnostic[]> {
  const result = await validateRepository(root, {
    now: options.now ?? EXAMPLE_NOW,
    ...(options.rules ? { rules: options.rules } : {}),
  });
  return result.diagnostics;
}

/** The loaded model and files of a repository. */
export async function loadRuleContext(
  root: string,
  now: number = EXAMPLE_NOW,
): Promise<RuleContext> {
  const result = await validateRepository(root, { now });
  return { content: result.content, files: result.files, repo: createRepoFiles(root), now };
}

/** The compact form tests compare: `file:line code`. */
export function summarise(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
}
