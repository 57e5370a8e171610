import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signJar } from '../../src/fdroid/jar-signature.js';
import { makeTestSigners } from '../support/keys.js';
import {
  makeContentRepository,
  removeTree,
  runGitota,
  snapshotTree,
  writeTree,
} from './import-support.js';

/** A hostile-input case: what to lay out, the command, and the one error it must give. */
export interface HostileRow {
  name: string;
  /** Writes the inputs into `work` (the command's cwd) and returns the argv. `url` is where `work` is served. */
  setup(ctx: { work: string; repo: string; url: string }): Promise<string[]>;
  code: string;
  /** The file the error is about, as printed (relative to `work`, or a URL). */
  file: string | ((ctx: { url: string }) => string);
  line: number;
  column: number;
}

/** A content repository with bacon and the nightly/stable channels, and a work folder beside it. */
export async function makeHostileWorld(): Promise<{
  repo: string;
  work: string;
  cleanup: () => Promise<void>;
}> {
  const repo = await makeContentRepository();
  await writeTree(repo, { 'devices/bacon.yaml': 'model: bacon\noem: OnePlus\nname: One\n' });
  const work = await mkdtemp(join(tmpdir(), 'gitota-hostile-in-'));
  return {
    repo,
    work,
    cleanup: async () => Promise.all([removeTree(repo), removeTree(work)]).then(() => undefined),
  };
}

/** Runs a row: exit 1, exactly its error at its place, and the repository as it was. */
export async function runHostileRow(
  row: HostileRow,
  world: { repo: string; work: string; url: string },
): Promise<{ stderr: string; unchanged: boolean; code: number }> {
  const argv = await row.setup(world);
  const before = await snapshotTree(world.repo);
  const result = await runGitota([...argv, '--repo', world.repo], world.work);
  const after = await snapshotTree(world.repo);
  return {
    stderr: result.stderr,
    code: result.code,
    unchanged: JSON.stringify([...before]) === JSON.stringify([...after]),
  };
}

/** A v1 build list entry as the updater backend writes it. */
export function v1Entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const filename = 'lineage-21.0-20260801-nightly-bacon-signed.zip';
  return {
    datetime: 1785578400,
    filename,
    id: createHash('sha256').update(filename).digest('hex'),
    romtype: 'nightly',
    size: 1000,
    url: `https://mirror.example.org/${filename}`,
    version: '21.0',
    ...overrides,
  };
}

/** A v2 build as the updater backend writes it. */
export function v2Build(
  overrides: Record<string, unknown> = {},
  file: Record<string, unknown> = {},
): Record<string, unknown> {
  const v1 = v1Entry();
  return {
    datetime: v1.datetime,
    files: [
      {
        filename: v1.filename,
        os_patch_level: '2026-07-05',
        os_sdk_level: 34,
        sha256: v1.id,
        size: v1.size,
        url: v1.url,
        ...file,
      },
    ],
    os_patch_level: '2026-07-05',
    os_sdk_level: 34,
    type: 'nightly',
    version: '21.0',
    ...overrides,
  };
}

/** A one-APK F-Droid index-v2.json, entry.json and a signed entry.jar (the test repository key). */
export function fdroidRepoFiles(
  mutate: (index: Record<string, any>) => void = () => undefined,
): Record<string, Uint8Array> {
  const sha256 = 'ab'.repeat(32);
  const index: Record<string, any> = {
    repo: {
      name: { 'en-US': 'Old' },
      description: { 'en-US': 'Old' },
      address: 'https://old.example.org/repo',
      timestamp: 1785578400000,
    },
    packages: {
      'org.example.app': {
        metadata: {
          added: 1785578400000,
          lastUpdated: 1785578400000,
          name: { 'en-US': 'App' },
          license: 'MIT',
        },
        versions: {
          [sha256]: {
            added: 1785578400000,
            file: { name: '/org.example.app_1.apk', sha256, size: 1234 },
            manifest: {
              versionName: '1.0',
              versionCode: 1,
              usesSdk: { minSdkVersion: 21, targetSdkVersion: 34 },
              signer: { sha256: ['cd'.repeat(32)] },
            },
          },
        },
      },
    },
  };
  mutate(index);
  const indexBytes = new TextEncoder().encode(JSON.stringify(index, null, 2));
  const entry = new TextEncoder().encode(
    JSON.stringify({
      timestamp: 1785578400000,
      version: 20002,
      index: {
        name: '/index-v2.json',
        sha256: createHash('sha256').update(indexBytes).digest('hex'),
        size: indexBytes.length,
        numPackages: 1,
      },
    }),
  );
  const jar = signJar([{ name: 'entry.json', data: entry }], makeTestSigners().fdroid, 'sha256');
  return { 'index-v2.json': indexBytes, 'entry.json': entry, 'entry.jar': jar };
}

export async function readBytes(path: string): Promise<Buffer> {
  return readFile(path);
}
