/**
 * Reads a gitota manifest (`v1/<codename>/<channel>.json`) that TUF has already
 * verified. The shape is still checked field by field: a signer's bug must
 * stop the check with a clear error, not install something half-read.
 */
import type {
  GitotaManifest,
  ManifestBuild,
  ManifestFile,
  ManifestRollout,
} from '../formats/gitota-manifest.js';
import { ClientError } from './errors.js';

type Json = Record<string, unknown>;

export function parseManifest(bytes: Uint8Array, path: string): GitotaManifest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ClientError('VERIFICATION_FAILED', `${path} is not JSON`, { cause: error });
  }
  const at = new Reader(path);
  const root = at.object(value, '');
  const incrementals: GitotaManifest['incrementals'] = {};
  for (const [from, entry] of Object.entries(at.object(root.incrementals, 'incrementals'))) {
    const e = at.object(entry, `incrementals.${from}`);
    incrementals[from] = {
      to: at.string(e.to, `incrementals.${from}.to`),
      file: readFile(at, e.file, `incrementals.${from}.file`),
    };
  }
  return {
    format: at.integer(root.format, 'format'),
    version: at.integer(root.version, 'version'),
    expires: at.string(root.expires, 'expires'),
    device: at.string(root.device, 'device'),
    channel: at.string(root.channel, 'channel'),
    latest: root.latest === null ? null : readBuild(at, root.latest, 'latest'),
    previous_stable:
      root.previous_stable === null || root.previous_stable === undefined
        ? null
        : readBuild(at, root.previous_stable, 'previous_stable'),
    incrementals,
  };
}

function readBuild(at: Reader, value: unknown, where: string): ManifestBuild {
  const b = at.object(value, where);
  const build: ManifestBuild = {
    id: at.string(b.id, `${where}.id`),
    version: at.string(b.version, `${where}.version`),
    datetime: at.integer(b.datetime, `${where}.datetime`),
    os_patch_level: at.string(b.os_patch_level, `${where}.os_patch_level`),
    os_sdk_level: at.integer(b.os_sdk_level, `${where}.os_sdk_level`),
    file: readFile(at, b.file, `${where}.file`),
  };
  if (b.incremental !== undefined)
    build.incremental = at.string(b.incremental, `${where}.incremental`);
  if (b.ota_property_files !== undefined)
    build.ota_property_files = at.string(b.ota_property_files, `${where}.ota_property_files`);
  if (b.rollout !== undefined) build.rollout = readRollout(at, b.rollout, `${where}.rollout`);
  return build;
}

function readFile(at: Reader, value: unknown, where: string): ManifestFile {
  const f = at.object(value, where);
  const sha256 = at.string(f.sha256, `${where}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) at.fail(`${where}.sha256`, 'is not 64 lower-case hex digits');
  const url = at.string(f.url, `${where}.url`);
  if (!URL.canParse(url)) at.fail(`${where}.url`, 'is not an absolute URL');
  return {
    filename: at.string(f.filename, `${where}.filename`),
    url,
    size: at.integer(f.size, `${where}.size`),
    sha256,
  };
}

/** Also used for a target's signed `custom.gitota.rollout`. */
export function readRollout(at: Reader, value: unknown, where: string): ManifestRollout {
  const r = at.object(value, where);
  const salt = at.string(r.salt, `${where}.salt`);
  if (r.steps !== undefined) {
    if (!Array.isArray(r.steps)) at.fail(`${where}.steps`, 'is not a list');
    const steps = (r.steps as unknown[]).map((s, i) => {
      const step = at.object(s, `${where}.steps[${i}]`);
      return {
        percent: at.integer(step.percent, `${where}.steps[${i}].percent`),
        start: at.integer(step.start, `${where}.steps[${i}].start`),
      };
    });
    return { steps, salt };
  }
  const rollout: ManifestRollout = { percent: at.integer(r.percent, `${where}.percent`), salt };
  if (r.start !== undefined) rollout.start = at.integer(r.start, `${where}.start`);
  return rollout;
}

/** Field readers that name the file and the field in their error. */
export class Reader {
  constructor(private readonly path: string) {}

  fail(where: string, problem: string): never {
    throw new ClientError(
      'VERIFICATION_FAILED',
      `${this.path}: ${where || 'the top level'} ${problem}`,
    );
  }

  object(value: unknown, where: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(where, 'is not an object');
    return value as Json;
  }

  string(value: unknown, where: string): string {
    if (typeof value !== 'string') this.fail(where, 'is not a string');
    return value;
  }

  integer(value: unknown, where: string): number {
    if (!Number.isSafeInteger(value)) this.fail(where, 'is not an integer');
    return value as number;
  }
}
