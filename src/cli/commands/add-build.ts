import { access, mkdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatText } from '../../diagnostics/render.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../../fmt/write-file-atomic.js';
import { createReleaseText, deriveReleaseId, parseBuildDate, type NewRelease } from '../../import/release-file.js';
import { openTrackedTree } from '../../git/open-tracked-tree.js';
import { hashTracked } from '../../git/read-tracked.js';
import { lookupTracked } from '../../git/refusal.js';
import { validateRepository } from '../../validate/index.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';
import { readClock } from '../clock.js';
import { escapeText } from '../../diagnostics/escape-text.js';

const USAGE = `Usage: gitota add-build -f FILENAME -d DEVICE -v VERSION -t DATETIME -r ROMTYPE
                        (-u URL --sha256 HEX --size BYTES | --path FILE)
                        --os-sdk-level N --os-patch-level YYYY-MM-DD [options] [--repo DIR]

Writes releases/<device>/<id>.yaml for one build (the old server's 'flask addrom'),
then validates the repository with it: if the new file brings any error, it is
removed again and the errors are printed. An existing release is never overwritten.

Options (the short ones are addrom's):
  -f, --filename NAME      the zip's file name
  -d, --device CODENAME    the device (a file under devices/)
  -v, --version X.Y        the LineageOS version
  -t, --datetime WHEN      build date: unix seconds, or "YYYY-MM-DD HH:MM:SS" in UTC
  -r, --romtype CHANNEL    the channel (a channel of gitota.yaml)
  -m, --md5sum HEX         md5 of the zip (computed from --path when not given)
  -u, --url URL            where the zip is downloaded from
      --path FILE          the zip inside this repository, instead of --url;
                           sha256, size and md5 are computed from it when not given
      --sha256 HEX         sha256 of the zip
      --size BYTES         size of the zip
      --os-sdk-level N     ro.build.version.sdk
      --os-patch-level D   ro.build.version.security_patch (YYYY-MM-DD)
      --from ID            for an incremental zip: the release it updates from
      --id ID              the release id (default: the file name without .zip)
      --changelog TEXT     what changed
      --status STATUS      published (default), paused or pulled
      --repo DIR           the content repository (default: the current directory)

Exit status: 0 added, 1 refused (errors printed, nothing written), 2 usage error.
`;

const OPTIONS = {
  ...REPO_OPTION,
  filename: { type: 'string', short: 'f' },
  device: { type: 'string', short: 'd' },
  version: { type: 'string', short: 'v' },
  datetime: { type: 'string', short: 't' },
  romtype: { type: 'string', short: 'r' },
  md5sum: { type: 'string', short: 'm' },
  url: { type: 'string', short: 'u' },
  path: { type: 'string' },
  sha256: { type: 'string' },
  size: { type: 'string' },
  'os-sdk-level': { type: 'string' },
  'os-patch-level': { type: 'string' },
  from: { type: 'string' },
  id: { type: 'string' },
  changelog: { type: 'string' },
  status: { type: 'string' },
} as const;

export const addBuildCommand: Command = {
  name: 'add-build',
  summary: 'add a release file for one build (the old addrom)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const root = repoDir(values.repo, io);
    const required = (name: keyof typeof values & string, flag: string): string => {
      const value = values[name];
      if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
      return value;
    };
    const filename = required('filename', '-f/--filename');
    const device = required('device', '-d/--device');
    const version = required('version', '-v/--version');
    const when = required('datetime', '-t/--datetime');
    const romtype = required('romtype', '-r/--romtype');
    const osSdkLevel = required('os-sdk-level', '--os-sdk-level');
    const osPatchLevel = required('os-patch-level', '--os-patch-level');
    const datetime = parseBuildDate(when);
    if (datetime === undefined) throw new UsageError(`-t/--datetime must be unix seconds or "YYYY-MM-DD HH:MM:SS" (UTC); got ${JSON.stringify(when)}`);
    if ((values.url === undefined) === (values.path === undefined)) throw new UsageError('give exactly one of -u/--url and --path');

    const release: NewRelease = { device, version, romtype, datetime, filename };
    let { sha256, md5sum: md5 } = values;
    let size: number | string | undefined = values.size === undefined ? undefined : integerOrText(values.size);
    if (values.path !== undefined) {
      release.path = values.path;
      // Only a file git would track is hashed; a missing, unsafe or refused path is left to the validation
      // below, which says exactly what is wrong, at its line.
      const tree = sha256 === undefined || size === undefined || md5 === undefined ? await openTrackedTree(root) : undefined;
      const found = tree === undefined ? undefined : lookupTracked(tree, values.path);
      if (tree !== undefined && found?.ok && found.node.kind === 'file') {
        const digests = await hashTracked(tree, found.path, found.node, { md5: true }).catch(() => undefined);
        sha256 ??= digests?.sha256;
        size ??= digests?.size;
        md5 ??= digests?.md5;
      }
    } else {
      release.url = values.url!;
      if (sha256 === undefined || size === undefined) throw new UsageError('--sha256 and --size are required with -u/--url');
    }
    Object.assign(release, { sha256, size, md5, from: values.from });
    release.os_sdk_level = integerOrText(osSdkLevel);
    release.os_patch_level = osPatchLevel;
    if (values.changelog !== undefined) release.changelog = values.changelog;
    if (values.status !== undefined) release.status = values.status;

    const id = values.id ?? deriveReleaseId(filename);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(device)) {
      throw new UsageError(`the release would be written as releases/${device}/${id}.yaml: device and id must be plain names (letters, digits, . _ -)`);
    }
    const { path, text } = createReleaseText(id, release);
    const absolute = join(root, path);
    if (await exists(absolute)) {
      io.stderr(`gitota add-build: ${escapeText(path)} already exists; a release is never overwritten (remove it first, or give another --id)\n`);
      return EXIT_FAILURE;
    }

    const now = readClock(io.env);
    const before = await validateRepository(root, { now });
    const folder = dirname(absolute);
    const createdFolder = !(await exists(folder));
    await mkdir(folder, { recursive: true });
    await writeFileAtomic(absolute, text);
    const after = await validateRepository(root, { now });
    const known = new Set(before.diagnostics.map(key));
    const brought = after.diagnostics.filter((d) => d.severity === 'error' && !known.has(key(d)));
    if (brought.length > 0) {
      await rm(absolute, { force: true });
      if (createdFolder) await rmdir(folder).catch(() => undefined);
      io.stderr(formatText(brought));
      io.stderr(`gitota add-build: ${escapeText(path)} not added: it brings ${brought.length} error${brought.length === 1 ? '' : 's'}\n`);
      return EXIT_FAILURE;
    }
    io.stdout(`added ${escapeText(path)}\n`);
    return EXIT_OK;
  },
};

/** A number when the text is a whole number; otherwise the text, for the schema to report. */
function integerOrText(value: string): number | string {
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

function key(d: Diagnostic): string {
  return `${d.code}\u0000${d.file}\u0000${d.message}`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
