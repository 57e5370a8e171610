import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The example content at the root of this repository: what a test repository starts from. */
export const EXAMPLE_ROOT = resolve(import.meta.dirname, '../..');
const CONTENT = [
  'gitota.yaml',
  'devices',
  'releases',
  'files',
  'package-lists',
  'update-locations',
  'packs',
  'schemas',
  'apps',
  'trust',
];

export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.org',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_IDENTITY, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export interface ContentRepo {
  dir: string;
  /** The bare repository that is `origin`. */
  remote: string;
  cleanup(): Promise<void>;
}

/** A temp copy of the example content as a git repository whose `origin` is a local bare repository. */
export async function makeContentRepo(): Promise<ContentRepo> {
  const root = await mkdtemp(join(tmpdir(), 'gitota-git-'));
  const dir = join(root, 'content');
  const remote = join(root, 'remote.git');
  await mkdir(dir);
  for (const entry of CONTENT)
    await cp(join(EXAMPLE_ROOT, entry), join(dir, entry), { recursive: true }).catch(
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      },
    );
  await writeFile(join(dir, '.gitignore'), '.gitota/\n_site/\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'example content');
  execFileSync('git', ['init', '-q', '--bare', remote]);
  git(remote, 'config', 'receive.denyNonFastForwards', 'true');
  git(remote, 'config', 'core.logAllRefUpdates', 'true');
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  return { dir, remote, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface AddedRelease {
  file: string;
  id: string;
  zip: string;
  sha256: string;
  size: number;
}

/** Writes a new release of `device` (a fresh random zip under files/) and returns where. Does not commit. */
export async function addRelease(
  dir: string,
  options: {
    device: string;
    version: string;
    romtype: string;
    date: string;
    datetime: number;
    status?: string;
    bytes?: Buffer;
  },
): Promise<AddedRelease> {
  const id = `lineage-${options.version}-${options.date}-${options.romtype}-${options.device}-signed`;
  const bytes = options.bytes ?? randomBytes(700);
  const zip = `files/${options.device}/${id}.zip`;
  await mkdir(dirname(join(dir, zip)), { recursive: true });
  await writeFile(join(dir, zip), bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const file = `releases/${options.device}/${id}.yaml`;
  const yaml = [
    '# yaml-language-server: $schema=../../schemas/release.schema.json',
    `device: ${options.device}`,
    `version: "${options.version}"`,
    `romtype: ${options.romtype}`,
    `datetime: ${options.datetime}`,
    `filename: ${id}.zip`,
    `path: ${zip}`,
    `sha256: "${sha256}"`,
    `size: ${bytes.length}`,
    'os_sdk_level: 35',
    'os_patch_level: "2026-11-05"',
    ...(options.status ? [`status: ${options.status}`] : []),
    '',
  ].join('\n');
  await writeFile(join(dir, file), yaml);
  return { file, id, zip, sha256, size: bytes.length };
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}
