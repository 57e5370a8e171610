import { basename, join } from 'node:path';
import { formatText } from '../../diagnostics/render.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { mergeBuildFacts, type BuildOptions } from '../../import/ota-build-facts.js';
import { readOtaMetadata } from '../../import/ota-metadata.js';
import {
  createReleaseText,
  deriveReleaseId,
  parseBuildDate,
  type NewRelease,
} from '../../import/release-file.js';
import { openTrackedTree } from '../../git/open-tracked-tree.js';
import { hashTracked } from '../../git/read-tracked.js';
import { lookupTracked } from '../../git/refusal.js';
import { applyWritePlan } from '../../import/write-plan.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { readClock } from '../clock.js';
import { escapeText } from '../../diagnostics/escape-text.js';

const USAGE = `Usage: gitota add-build --path FILE [-d DEVICE] [-r ROMTYPE] [-v X.Y] [options] [--repo DIR]
       gitota add-build -u URL --sha256 HEX --size BYTES -f FILENAME -d DEVICE -v X.Y -r ROMTYPE
                        -t DATETIME --os-sdk-level N --os-patch-level YYYY-MM-DD [options] [--repo DIR]

Writes releases/<device>/<id>.yaml for one build (the old server's 'flask addrom'),
then validates the repository with it: if the new file brings any error, it is
removed again and the errors are printed. An existing release is never overwritten.

With --path (a zip inside the repository) the facts come from the zip itself:
META-INF/com/android/metadata gives the build date (post-timestamp), the SDK
level (post-sdk-level), the security patch level (post-security-patch-level),
the device (pre-device) and ota_property_files (ota-property-files); sha256,
size and md5 are computed. An option that disagrees with the zip is an error.
A LineageOS file name (lineage-X.Y-YYYYMMDD-ROMTYPE-DEVICE-signed.zip) gives
-f, -v, -r and -d when they are not given.

Options (the short ones are addrom's):
  -f, --filename NAME      the zip's file name (default: the name of --path)
  -d, --device CODENAME    the device (a file under devices/); must be the zip's pre-device
  -v, --version X.Y        the LineageOS version
  -t, --datetime WHEN      build date: unix seconds, or "YYYY-MM-DD HH:MM:SS" in UTC
  -r, --romtype CHANNEL    the channel (a channel of gitota.yaml)
  -m, --md5sum HEX         md5 of the zip (computed from --path when not given)
  -u, --url URL            where the zip is downloaded from
      --path FILE          the zip inside this repository, instead of --url
      --sha256 HEX         sha256 of the zip (computed from --path)
      --size BYTES         size of the zip (computed from --path)
      --os-sdk-level N     ro.build.version.sdk (from the zip with --path)
      --os-patch-level D   ro.build.version.security_patch, YYYY-MM-DD (from the zip with --path)
      --ota-property-files S  A/B payload offsets name:offset:size,... (from the zip with --path)
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
  'ota-property-files': { type: 'string' },
  from: { type: 'string' },
  id: { type: 'string' },
  changelog: { type: 'string' },
  status: { type: 'string' },
} as const;

/** lineage-21.0-20240506-nightly-bacon-signed.zip → version, romtype, device. */
const LINEAGE_NAME =
  /^lineage-([0-9]+\.[0-9]+)-[0-9]{8}-([a-z]+)-([A-Za-z0-9_-]+?)(-incremental-[0-9]{8})?-signed\.zip$/;

export const addBuildCommand: Command = {
  name: 'add-build',
  summary: 'add a release file for one build, its facts read from the zip (the old addrom)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const root = repoDir(values.repo, io);
    if ((values.url === undefined) === (values.path === undefined))
      throw new UsageError('give exactly one of -u/--url and --path');
    const filename =
      values.filename ?? (values.path !== undefined ? basename(values.path) : undefined);
    if (filename === undefined || filename === '')
      throw new UsageError('-f/--filename is required');
    const named = LINEAGE_NAME.exec(filename);
    const given: BuildOptions = {};
    // The device of -d, else of the LineageOS file name: the zip's pre-device must name it.
    const namedDevice = values.device ?? named?.[3];
    if (namedDevice !== undefined) given.device = namedDevice;
    if (values.datetime !== undefined) {
      const datetime = parseBuildDate(values.datetime);
      if (datetime === undefined)
        throw new UsageError(
          `-t/--datetime must be unix seconds or "YYYY-MM-DD HH:MM:SS" (UTC); got ${JSON.stringify(values.datetime)}`,
        );
      given.datetime = datetime;
    }
    if (values['os-sdk-level'] !== undefined) {
      if (!/^[0-9]{1,4}$/.test(values['os-sdk-level']))
        throw new UsageError(
          `--os-sdk-level must be a number; got ${JSON.stringify(values['os-sdk-level'])}`,
        );
      given.osSdkLevel = Number(values['os-sdk-level']);
    }
    if (values['os-patch-level'] !== undefined) given.osPatchLevel = values['os-patch-level'];
    if (values['ota-property-files'] !== undefined)
      given.otaPropertyFiles = values['ota-property-files'];

    const diagnostics: Diagnostic[] = [];
    const release: Partial<NewRelease> & { filename: string } = { filename };
    let device = namedDevice;
    let { sha256, md5sum: md5 } = values;
    let size: number | string | undefined =
      values.size === undefined ? undefined : integerOrText(values.size);
    let facts: ReturnType<typeof mergeBuildFacts>['facts'] = {};
    if (values.path !== undefined) {
      release.path = values.path;
      // Only a file git would track is read; a missing, unsafe or refused path is left to the validation
      // below, which says exactly what is wrong, at its line.
      const tree = await openTrackedTree(root);
      const found = lookupTracked(tree, values.path);
      if (found.ok && found.node.kind === 'file') {
        const digests = await hashTracked(tree, found.path, found.node, { md5: true }).catch(
          () => undefined,
        );
        sha256 ??= digests?.sha256;
        size ??= digests?.size;
        md5 ??= digests?.md5;
        const metadata = await readOtaMetadata(join(tree.root, found.path));
        if (metadata.ok) {
          const merged = mergeBuildFacts(values.path, metadata.values, given);
          diagnostics.push(...merged.diagnostics);
          facts = merged.facts;
          const preDevice = metadata.values.get('pre-device')?.split(',');
          if (device === undefined && preDevice?.length === 1) device = preDevice[0]!.trim();
        } else {
          const complete =
            given.datetime !== undefined &&
            given.osSdkLevel !== undefined &&
            given.osPatchLevel !== undefined;
          diagnostics.push({
            code: 'GITOTA670',
            severity: metadata.notZip || !complete ? 'error' : 'warning',
            message: `${values.path}: ${metadata.reason}, so its facts cannot be read from it`,
            file: values.path,
            line: 1,
            column: 1,
            hint: metadata.notZip
              ? 'add the OTA zip itself'
              : 'an OTA zip made by the build system has META-INF/com/android/metadata; otherwise give -t, --os-sdk-level and --os-patch-level',
          });
        }
      }
    } else {
      release.url = values.url!;
      if (sha256 === undefined || size === undefined)
        throw new UsageError('--sha256 and --size are required with -u/--url');
    }
    const datetime = facts.datetime ?? given.datetime;
    const osSdkLevel = facts.os_sdk_level ?? given.osSdkLevel;
    const osPatchLevel = facts.os_patch_level ?? given.osPatchLevel;
    const missing = [
      device === undefined && '-d/--device',
      (values.version ?? named?.[1]) === undefined && '-v/--version',
      (values.romtype ?? named?.[2]) === undefined && '-r/--romtype',
      datetime === undefined && '-t/--datetime',
      osSdkLevel === undefined && '--os-sdk-level',
      osPatchLevel === undefined && '--os-patch-level',
    ].filter((m): m is string => m !== false);
    if (hasErrors(diagnostics)) return refuse(diagnostics, io);
    if (missing.length > 0)
      throw new UsageError(
        `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required${values.path !== undefined ? ' (the zip does not state them)' : ''}`,
      );

    Object.assign(release, {
      device,
      version: values.version ?? named?.[1],
      romtype: values.romtype ?? named?.[2],
      datetime,
      sha256,
      size,
      md5,
      from: values.from,
      os_sdk_level: osSdkLevel,
      os_patch_level: osPatchLevel,
    });
    const otaPropertyFiles = facts.ota_property_files ?? given.otaPropertyFiles;
    if (otaPropertyFiles !== undefined) release.ota_property_files = otaPropertyFiles;
    if (values.changelog !== undefined) release.changelog = values.changelog;
    if (values.status !== undefined) release.status = values.status;

    const id = values.id ?? deriveReleaseId(filename);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(device!)) {
      throw new UsageError(
        `the release would be written as releases/${device}/${id}.yaml: device and id must be plain names (letters, digits, . _ -)`,
      );
    }
    const { path, text } = createReleaseText(id, release as NewRelease);
    const outcome = await applyWritePlan(
      root,
      [{ path, content: text, mode: 'create', origin: `the build ${filename}` }],
      readClock(io.env),
    );
    if (!outcome.ok) {
      io.stderr(formatText(sortDiagnostics(outcome.diagnostics)));
      io.stderr(
        `gitota add-build: ${escapeText(path)} not added: ${outcome.diagnostics.some((d) => d.code === 'GITOTA656') ? `${escapeText(path)} already exists; a release is never overwritten (remove it first, or give another --id)` : `it brings ${outcome.diagnostics.length} error${outcome.diagnostics.length === 1 ? '' : 's'}`}\n`,
      );
      return EXIT_FAILURE;
    }
    const warnings = [...diagnostics, ...outcome.diagnostics];
    if (warnings.length > 0) io.stderr(formatText(sortDiagnostics(warnings)));
    io.stdout(
      outcome.written.length > 0
        ? `added ${escapeText(path)}\n`
        : `${escapeText(path)} is already there, as given\n`,
    );
    return EXIT_OK;
  },
};

function refuse(diagnostics: readonly Diagnostic[], io: CliIo): number {
  io.stderr(formatText(sortDiagnostics(diagnostics)));
  io.stderr('gitota add-build: nothing added\n');
  return EXIT_FAILURE;
}

/** A number when the text is a whole number; otherwise the text, for the schema to report. */
function integerOrText(value: string): number | string {
  return /^\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
