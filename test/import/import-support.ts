import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runGitota } from '../commands/example-repo.js';

export { runGitota };

/** A fresh content repository: gitota.yaml with the given channels, nothing else. */
export async function makeContentRepository(
  channels: string[] = ['nightly', 'stable'],
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-import-'));
  const list = channels.map((c) => `  ${c}: {}`).join('\n');
  await writeFile(
    join(root, 'gitota.yaml'),
    `site:\n  base_url: https://ota.example.org/\n  title: Imported\nchannels:\n${list}\n`,
  );
  return root;
}

export async function writeTree(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Every file under `root` (repository paths) with its bytes, for "nothing changed" checks; gitota's own cache (.gitota/) left out. */
export async function snapshotTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (dir === root && entry.name === '.gitota') continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isSymbolicLink())
        out.set(relative(root, path), `link:${await readlink(path)}`);
      else out.set(relative(root, path), (await readFile(path)).toString('base64'));
    }
  };
  await walk(root);
  return out;
}

export async function removeTree(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** Builds the site of `root` into a temp folder (development keys, no network); returns the folder. */
export async function buildSite(
  root: string,
  baseUrl = 'https://ota.example.org/',
): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'gitota-import-site-'));
  const result = await runGitota(
    ['build', '--repo', root, '--out', out, '--base-url', baseUrl],
    root,
  );
  if (result.code !== 0) throw new Error(`gitota build failed (${result.code}): ${result.stderr}`);
  return out;
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}
