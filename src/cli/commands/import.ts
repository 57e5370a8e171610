import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatText } from '../../diagnostics/render.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { importFdroidMetadata } from '../../import/import-fdroid-metadata.js';
import { importLineageDevices } from '../../import/import-lineage-devices.js';
import { validateRepository } from '../../validate/index.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { readClock } from '../clock.js';
import { readRegularFile } from '../../load/open-regular-file.js';

/** LineageOS's devices.json is a few hundred KiB; a file past this is not one. */
const MAX_IMPORT_BYTES = 64 << 20;
import { escapeText } from '../../diagnostics/escape-text.js';

const USAGE = `Usage: gitota import lineage-devices FILE [--repo DIR]
       gitota import fdroid-metadata DIR [--repo DIR]

lineage-devices  each device of LineageOS's devices.json becomes devices/<model>.yaml;
                 a device already in the repository is updated in place (only model,
                 oem, name, has_recovery and lineage_recovery; comments and other
                 fields such as hardware are kept). Everything is checked first:
                 on any error nothing is written.
fdroid-metadata  copies fdroiddata metadata files (DIR/<appid>.yml) into apps/ as
                 they are, then validates them. Files not named after a valid
                 application id are skipped.

Options:
  --repo DIR   the content repository (default: the current directory)

Exit status: 0 imported, 1 errors (listed), 2 usage or internal error.
`;

export const importCommand: Command = {
  name: 'import',
  summary: "import LineageOS's devices.json or F-Droid metadata files",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { ...REPO_OPTION }, true);
    const [what, source, ...extra] = positionals;
    if (what === undefined) throw new UsageError('say what to import: lineage-devices or fdroid-metadata');
    if (source === undefined) throw new UsageError(`import ${what} needs a ${what === 'fdroid-metadata' ? 'DIR' : 'FILE'}`);
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    const root = repoDir(values.repo, io);
    const sourcePath = resolve(io.cwd, source);
    if (what === 'lineage-devices') return importDevices(root, source, sourcePath, io);
    if (what === 'fdroid-metadata') return importApps(root, source, sourcePath, io);
    throw new UsageError(`unknown import ${JSON.stringify(what)}: use lineage-devices or fdroid-metadata`);
  },
};

async function importDevices(root: string, label: string, path: string, io: CliIo): Promise<number> {
  const text = (await readRegularFile(path, MAX_IMPORT_BYTES, { what: 'the import file', displayPath: label })).toString('utf8');
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
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`${label} is not a directory`);
  const result = await importFdroidMetadata(root, path, label);
  for (const name of result.skipped) io.stderr(`skipped ${escapeText(name)}: not a valid application id\n`);
  const validation = result.copied.length > 0 ? await validateRepository(root, { now: readClock(io.env), paths: result.copied }) : undefined;
  const diagnostics = [...result.diagnostics, ...(validation?.diagnostics ?? [])];
  printDiagnostics(diagnostics, io);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  io.stdout(`${result.copied.length} app metadata files imported, ${result.skipped.length} skipped, ${errors} errors\n`);
  return hasErrors(diagnostics) ? EXIT_FAILURE : EXIT_OK;
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): void {
  if (diagnostics.length > 0) io.stderr(formatText(sortDiagnostics(diagnostics)));
}
