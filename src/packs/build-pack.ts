import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compareStrings } from '../diagnostics/diagnostic.js';
import { openTrackedTree } from '../git/open-tracked-tree.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { PackSpec } from '../model/types.js';
import { PackInputError, PackPayloadRefusedError, PackSpecError } from './errors.js';
import { TrackedContentError } from '../git/refusal.js';
import { digestChunks, type ChunkDigests } from '../git/file-chunks.js';
import { checkHeaderText, MAX_PAYLOAD_BYTES } from '../model/pack-header-limits.js';
import { encodePackHeader, type PackSectionHeader } from './pack-header.js';
import { resolvePayload, type ResolvedPayload } from './resolve-payload.js';
import type { TarballLimits } from './tarball-listing.js';
import { PackError } from './errors.js';
import { trackTempPath } from '../load/temp-paths.js';

export interface BuildPackOptions {
  /** Absolute path of the content repository (payload paths are relative to it). */
  repoDir: string;
  /** Its tracked tree, the only place payloads are read from; default: opened from `repoDir` (what git would track). */
  tree?: TrackedTree;
  /** SOURCE_DATE_EPOCH (or now), in seconds: the mtime of every entry of a tarball gitota packs. */
  now: number;
  /** Scratch directory for tarballs packed from staging directories. */
  tmpDir: string;
  /** Where to write the pack; default `<tmpDir>/<spec.id>.update`. */
  out?: string;
  /** Bounds on reading each tarball payload (default: the limits' defaults). */
  tarballLimits?: TarballLimits;
}

export interface BuiltSection {
  header: PackSectionHeader;
  /** sha256 of the section's payload (absent for removeApp). */
  payloadSha256?: string;
}

export interface BuiltPack {
  path: string;
  size: number;
  sha256: string;
  /** The Legato md5 of the pack's main payload (updateApp / updateSystem). */
  md5?: string;
  sections: BuiltSection[];
}

interface PlannedSection {
  header: PackSectionHeader;
  payload?: ResolvedPayload;
}

/** Builds one `.update` file from a validated spec, streaming every payload into it. */
export async function buildPack(spec: PackSpec, options: BuildPackOptions): Promise<BuiltPack> {
  await mkdir(options.tmpDir, { recursive: true });
  const sections = await planSections(spec, options);
  const out = options.out ?? join(options.tmpDir, `${spec.id}.update`);
  await mkdir(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  const hash = createHash('sha256');
  let size = 0;
  const untrack = trackTempPath(partial);
  const handle = await open(partial, 'w');
  try {
    const write = async (bytes: Buffer): Promise<void> => {
      hash.update(bytes);
      size += bytes.length;
      await handle.write(bytes);
    };
    for (const section of sections) {
      await write(encodePackHeader(section.header));
      if (section.payload) await appendPayload(section.payload, write);
    }
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    untrack();
    throw error;
  }
  await handle.close();
  await rename(partial, out);
  untrack();
  const first = sections[0]?.header;
  return {
    path: out,
    size,
    sha256: hash.digest('hex'),
    ...(first && 'md5' in first ? { md5: first.md5 } : {}),
    sections: sections.map((s) => ({
      header: s.header,
      ...(s.payload ? { payloadSha256: s.payload.sha256 } : {}),
    })),
  };
}

async function appendPayload(
  payload: ResolvedPayload,
  write: (bytes: Buffer) => Promise<void>,
): Promise<void> {
  const source = await open(payload.file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  let copied: ChunkDigests;
  try {
    copied = await digestChunks(source, { write });
  } finally {
    await source.close();
  }
  // The header already promised these bytes (size, md5): a file that changed since it was checked must not ship.
  if (copied.size !== payload.size || copied.sha256 !== payload.sha256)
    throw new PackInputError(`${payload.file} changed while the pack was written`);
}

async function planSections(spec: PackSpec, options: BuildPackOptions): Promise<PlannedSection[]> {
  const tree = options.tree ?? (await openTrackedTree(options.repoDir));
  const tarball = (payload: NonNullable<PackSpec['payload']>, pointer: string) =>
    atPayload(
      spec.file,
      pointer,
      resolvePayload(payload, {
        tree,
        tmpDir: options.tmpDir,
        now: options.now,
        tarball: true,
        ...(options.tarballLimits ? { tarballLimits: options.tarballLimits } : {}),
      }),
    );
  switch (spec.command) {
    case 'removeApp':
      requireText('name', spec.name, spec);
      return [{ header: { command: 'removeApp', name: spec.name } }];
    case 'updateFirmware': {
      const payload = await atPayload(
        spec.file,
        '/payload',
        resolvePayload(requirePayload(spec), {
          tree,
          tmpDir: options.tmpDir,
          now: options.now,
          tarball: false,
        }),
      );
      return [{ header: { command: 'updateFirmware', size: requireSize(payload, spec) }, payload }];
    }
    case 'updateApp': {
      requireText('name', spec.name, spec);
      const version = spec.version ?? '';
      requireText('version', version, spec);
      const payload = await tarball(requirePayload(spec), '/payload');
      const header = {
        command: 'updateApp',
        name: spec.name,
        version,
        md5: payload.md5!,
        size: requireSize(payload, spec),
      } as const;
      return [{ header, payload }];
    }
    case 'updateSystem': {
      const payload = await tarball(requirePayload(spec), '/payload');
      const sections: PlannedSection[] = [
        {
          header: { command: 'updateSystem', md5: payload.md5!, size: requireSize(payload, spec) },
          payload,
        },
      ];
      const apps = (spec.apps ?? [])
        .map((app, index) => ({ app, index }))
        .filter(({ app }) => !app.preloaded)
        .sort((a, b) => compareStrings(a.app.name, b.app.name));
      for (const { app, index } of apps) {
        requireText('name', app.name, spec);
        const version = app.version ?? '';
        requireText('version', version, spec);
        const appPayload = await tarball(app.payload, `/apps/${index}/payload`);
        sections.push({
          header: {
            command: 'updateApp',
            name: app.name,
            version,
            md5: appPayload.md5!,
            size: requireSize(appPayload, spec),
          },
          payload: appPayload,
        });
      }
      return sections;
    }
  }
}

/** Notes on a failure which payload of the spec it is about, so a diagnostic can point at it. */
async function atPayload<T>(file: string, pointer: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    // A payload that is not tracked content is the spec's mistake, reported at the payload that names it.
    const failure =
      error instanceof TrackedContentError
        ? new PackPayloadRefusedError(file, error.refusal, { cause: error })
        : error;
    if (failure instanceof PackError) failure.pointer ??= pointer;
    throw failure;
  }
}

function requirePayload(spec: PackSpec): NonNullable<PackSpec['payload']> {
  if (!spec.payload)
    throw new PackSpecError(`${spec.file}: a ${spec.command} pack needs a payload`);
  return spec.payload;
}

function requireText(kind: 'name' | 'version', text: string, spec: PackSpec): void {
  const problem = checkHeaderText(kind, text);
  if (problem) throw new PackSpecError(`${spec.file}: ${kind} ${JSON.stringify(text)} ${problem}`);
}

function requireSize(payload: ResolvedPayload, spec: PackSpec): number {
  if (payload.size === 0)
    throw new PackSpecError(
      `${spec.file}: payload ${payload.file} is empty; the device refuses size 0`,
    );
  if (payload.size > MAX_PAYLOAD_BYTES)
    throw new PackSpecError(`${spec.file}: payload ${payload.file} is over 4 GiB`);
  return payload.size;
}
