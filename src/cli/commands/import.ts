import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatText } from '../../diagnostics/render.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { importFdroidMetadata } from '../../import/import-fdroid-metadata.js';
import { importLineageDevices } from '../../import/import-lineage-devices.js';
import type { ImportReport } from '../../import/import-report.js';
import { validateRepository } from '../../validate/index.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { readClock } from '../clock.js';
import { readRegularFile } from '../../load/open-regular-file.js';

/** LineageOS's devices.json is a few hundred KiB; a file past this is not one. */
const MAX_IMPORT_BYTES = 64 << 20;
import { escapeText } from '../../diagnostics/escape-text.js';
import { IMPORT_KINDS, importSources, type ImportKind } from './import-kinds.js';
import { whenAbsent } from '../../diagnostics/absent.js';

const USAGE = `Usage: gitota import lineage-devices FILE [--repo DIR]
       gitota import fdroid-metadata DIR [--repo DIR]
       gitota import lineage-builds FILE|URL... [-d DEVICE] [--os-sdk-level N --os-patch-level D] [--repo DIR]
       gitota import fdroid-repo DIR|URL [--fingerprint SHA256] [--repo DIR]
       gitota import tomtom FILE|URL... [--repo DIR]
       gitota import legato-pack FILE.update... [--name NAME] [--repo DIR]

Brings content from the system it lived in over to this repository, in that
system's own format. Every input is read and checked first: on any error
nothing is written. An import never overwrites a file with other contents, and
running it again changes nothing. FILE|URL: a local file, or an http(s) URL
(fetched with a 60 s deadline and the --max-bytes limit).

lineage-devices  each device of LineageOS's devices.json becomes devices/<model>.yaml;
                 a device already in the repository is updated in place (only model,
                 oem, name, has_recovery and lineage_recovery; comments and other
                 fields such as hardware are kept).
fdroid-metadata  copies fdroiddata metadata files (DIR/<appid>.yml) into apps/ as
                 they are, then validates them. Files not named after a valid
                 application id are skipped.
lineage-builds   the LineageOS updater's answer for a device, v1 ({"response":[...]})
                 or v2 ([...]), becomes releases/<device>/<id>.yaml, one per build,
                 keeping id (sha256), datetime, url, size, version, romtype and v2's
                 os_patch_level, os_sdk_level and ota_property_files. The device is
                 -d, or read from the path (api/v1/<device>/..., api/v2/devices/<device>/...).
                 v1 carries no SDK or patch level: give the device's v2 answer too
                 (merged by file name), or --os-sdk-level and --os-patch-level.
fdroid-repo      an F-Droid repository (a folder holding index-v2.json or index-v1.json,
                 or its URL) becomes apps/<id>/versions.yaml entries, keeping version
                 codes and names, APK sha256 and size, signers, SDK levels, permissions,
                 native code and added dates; each APK stays at the repository's address
                 (url:). An app without apps/<id>.yml gets one from the index's metadata.
                 entry.jar (or index-v1.jar) is verified when present, and --fingerprint
                 pins its signing certificate; an unsigned index is said so.
tomtom           TomTom's device-facing JSON: update-locations files (name: the folder
                 they are in) and package-list files (package-list.NAME, or NAME.json)
                 become update-locations/<name>.yaml and package-lists/<name>.yaml. A uri
                 naming a package-list imported with it becomes a list: entry.
legato-pack      a Legato update pack (.update) becomes packs/<name>.yaml plus its payload
                 under packs/<name>/, so that gitota build writes the same pack byte for
                 byte. updateApp, removeApp and updateFirmware packs; NAME defaults to the
                 pack's app name (or the file name).

Options:
  -d, --device CODENAME   lineage-builds: the device of every input
      --os-sdk-level N    lineage-builds: SDK level of v1 builds
      --os-patch-level D  lineage-builds: security patch level (YYYY-MM-DD) of v1 builds
      --fingerprint HEX   fdroid-repo: sha256 of the repository's signing certificate
      --name NAME         legato-pack: the pack spec's name (one pack only)
      --max-bytes N       the largest input read (default 134217728, 128 MiB)
      --repo DIR          the content repository (default: the current directory)

Exit status: 0 imported, 1 errors (listed; nothing written), 2 usage or internal error.
`;

const OPTIONS = {
  ...REPO_OPTION,
  device: { type: 'string', short: 'd' },
  'os-sdk-level': { type: 'string' },
  'os-patch-level': { type: 'string' },
  fingerprint: { type: 'string' },
  name: { type: 'string' },
  'max-bytes': { type: 'string' },
} as const;

function parseImportArgs(argv: string[]) {
  return parseCommandArgs(argv, OPTIONS, true);
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'import devices, builds, F-Droid metadata and repositories, TomTom lists or Legato packs',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseImportArgs(argv);
    const [what, ...sources] = positionals;
    const kinds = ['lineage-devices', 'fdroid-metadata', ...Object.keys(IMPORT_KINDS)].join(', ');
    if (what === undefined) throw new UsageError(`say what to import: ${kinds}`);
    const root = repoDir(values.repo, io);
    if (what === 'lineage-devices' || what === 'fdroid-metadata') {
      const [source, ...extra] = sources;
      if (source === undefined)
        throw new UsageError(
          `import ${what} needs a ${what === 'fdroid-metadata' ? 'DIR' : 'FILE'}`,
        );
      if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
      const sourcePath = resolve(io.cwd, source);
      return what === 'lineage-devices'
        ? importDevices(root, source, sourcePath, io)
        : importApps(root, source, sourcePath, io);
    }
    const kind = IMPORT_KINDS[what as ImportKind] as (typeof IMPORT_KINDS)[ImportKind] | undefined;
    if (kind === undefined)
      throw new UsageError(`unknown import ${JSON.stringify(what)}: use ${kinds}`);
    if (sources.length === 0) throw new UsageError(`import ${what} needs ${kind.needs}`);
    const inputs = sources.map((source) => ({ source, absolute: resolve(io.cwd, source) }));
    const report = await kind.run(root, inputs, values, {
      now: readClock(io.env),
      sources: importSources(values['max-bytes']),
    });
    return printReport(report, io);
  },
};

/** Findings first, then one line saying what was written. */
function printReport(report: ImportReport, io: CliIo): number {
  printDiagnostics(report.diagnostics, io);
  if (!report.ok) {
    io.stderr('nothing imported: fix the errors above and run the import again\n');
    return EXIT_FAILURE;
  }
  for (const path of report.written) io.stdout(`wrote ${path}\n`);
  io.stdout(
    `${report.written.length} files written, ${report.unchanged.length} already up to date\n`,
  );
  return EXIT_OK;
}

async function importDevices(
  root: string,
  label: string,
  path: string,
  io: CliIo,
): Promise<number> {
  const text = (
    await readRegularFile(path, MAX_IMPORT_BYTES, { what: 'the import file', displayPath: label })
  ).toString('utf8');
  const result = await importLineageDevices(root, label, text);
  printDiagnostics(result.diagnostics, io);
  if (!result.written) {
    io.stderr(`nothing imported: fix the errors above and run the import again\n`);
    return EXIT_FAILURE;
  }
  const { added, updated, unchanged } = result.counts;
  io.stdout(`${added} devices added, ${updated} updated, ${unchanged} unchanged\n`);
  return EXIT_OK;
}

async function importApps(root: string, label: string, path: string, io: CliIo): Promise<number> {
  const info = await stat(path).catch(whenAbsent(undefined));
  if (!info?.isDirectory()) throw new UsageError(`${label} is not a directory`);
  const result = await importFdroidMetadata(root, path, label);
  for (const name of result.skipped)
    io.stderr(`skipped ${escapeText(name)}: not a valid application id\n`);
  const validation =
    result.copied.length > 0
      ? await validateRepository(root, { now: readClock(io.env), paths: result.copied })
      : undefined;
  const diagnostics = [...result.diagnostics, ...(validation?.diagnostics ?? [])];
  printDiagnostics(diagnostics, io);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  io.stdout(
    `${result.copied.length} app metadata files imported, ${result.skipped.length} skipped, ${errors} errors\n`,
  );
  return hasErrors(diagnostics) ? EXIT_FAILURE : EXIT_OK;
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): void {
  if (diagnostics.length > 0) io.stderr(formatText(sortDiagnostics(diagnostics)));
}
