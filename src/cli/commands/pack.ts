import { basename, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { stringifyJson } from '../../diagnostics/escape-json.js';
import { escapeText } from '../../diagnostics/escape-text.js';
import { formatText } from '../../diagnostics/render.js';
import { loadText } from '../../load/load-repository.js';
import { resourceLimitsOf, type ResourceLimits } from '../../model/resource-limits.js';
import type { TarballLimits } from '../../packs/tarball-listing.js';
import {
  InputFileError,
  readRegularFile,
  readRegularFileSync,
} from '../../load/open-regular-file.js';
import { CONFIG_DEFAULTS } from '../../validate/normalise.js';
import type { PackSpec } from '../../model/types.js';
import { buildPack } from '../../packs/build-pack.js';
import { packFailureDiagnostic } from '../../packs/pack-failure.js';
import { readPack, type PackReport } from '../../packs/read-pack.js';
import { checkSchema } from '../../validate/schemas.js';
import { mapSchemaErrors } from '../../validate/schema-errors.js';
import { REPO_OPTION, parseCommandArgs, repoDir, type Command } from '../command.js';
import { TrackedContentError } from '../../git/refusal.js';
import { readClock } from '../clock.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { makeTempDir } from '../../load/temp-paths.js';

const USAGE = `Usage:
  gitota pack build SPEC --out FILE [--repo DIR]   build one Legato update pack from packs/<name>.yaml
  gitota pack inspect FILE [--json]                print a pack's sections
  gitota pack verify FILE [--json]                 report what the device (or gitota) would refuse

build:   payload paths in SPEC are relative to --repo (default: the current directory);
         SOURCE_DATE_EPOCH sets the mtime of packed staging entries (default: now).
verify:  exit 0 when the pack is clean, 1 when anything would be refused.
`;

export const packCommand: Command = {
  name: 'pack',
  summary: 'build, inspect or verify a Legato update pack',
  usage: USAGE,
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === 'build') return runBuild(rest, io);
    if (verb === 'inspect') return runRead(rest, io, 'inspect');
    if (verb === 'verify') return runRead(rest, io, 'verify');
    throw new UsageError(
      verb === undefined ? 'missing subcommand' : `unknown subcommand '${verb}'`,
    );
  },
};

async function runBuild(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { ...REPO_OPTION, out: { type: 'string' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('pack build takes exactly one SPEC');
  if (!values.out) throw new UsageError('pack build needs --out FILE');
  const root = repoDir(values.repo, io);
  const specPath = resolve(io.cwd, positionals[0]!);
  const repoPath = relative(root, specPath).split(sep).join('/');
  if (repoPath.startsWith('..') || !/^packs\/[^/]+\.yaml$/.test(repoPath)) {
    throw new UsageError(
      `${positionals[0]} is not a packs/<name>.yaml file of the repository ${root}`,
    );
  }
  const specBytes = await readRegularFile(specPath, CONFIG_DEFAULTS.limits.max_file_bytes, {
    what: 'the pack spec',
    displayPath: positionals[0]!,
  });
  const { spec, diagnostics } = loadSpec(repoPath, specBytes.toString('utf8'));
  printDiagnostics(diagnostics, io);
  if (!spec || hasErrors(diagnostics)) return EXIT_FAILURE;

  const now = readClock(io.env);
  const temp = await makeTempDir('gitota-pack-');
  const tmpDir = temp.path;
  try {
    const built = await buildPack(spec, {
      repoDir: root,
      now,
      tmpDir,
      out: resolve(io.cwd, values.out),
      tarballLimits: repoTarballLimits(root),
    });
    io.stdout(
      `${built.path}\n  size   ${built.size}\n  sha256 ${built.sha256}\n${built.md5 ? `  md5    ${built.md5}\n` : ''}`,
    );
    return EXIT_OK;
  } catch (error) {
    const diagnostic = packFailureDiagnostic(
      error,
      spec,
      root,
      CONFIG_DEFAULTS.limits.max_file_bytes,
    );
    if (diagnostic === undefined) throw error;
    printDiagnostics([diagnostic], io);
    return EXIT_FAILURE;
  } finally {
    await temp.remove();
  }
}

/** The bounds of the repository's gitota.yaml (limits.max_decompressed_bytes...), or the defaults without one. */
function repoTarballLimits(root: string): TarballLimits {
  let text: string;
  try {
    text = readRegularFileSync(
      join(root, 'gitota.yaml'),
      CONFIG_DEFAULTS.limits.max_file_bytes,
    ).toString('utf8');
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    text = ''; // no usable gitota.yaml: the defaults
  }
  const { file } =
    text === '' ? { file: undefined } : loadText({ path: 'gitota.yaml', kind: 'config' }, text);
  const data = file?.data as { limits?: Partial<ResourceLimits> } | undefined;
  const limits = resourceLimitsOf(
    typeof data?.limits === 'object' && data.limits !== null ? data.limits : undefined,
  );
  return { maxBytes: limits.max_decompressed_bytes, maxEntries: limits.max_archive_entries };
}

/** Parses and schema-checks one spec, as the loader would, without loading the whole repository. */
function loadSpec(repoPath: string, text: string): { spec?: PackSpec; diagnostics: Diagnostic[] } {
  const loaded = loadText({ path: repoPath, kind: 'pack' }, text);
  if (!loaded.file) return { diagnostics: loaded.diagnostics };
  const schema = mapSchemaErrors(loaded.file, checkSchema('pack', loaded.file.data));
  const diagnostics = [...loaded.diagnostics, ...schema];
  if (hasErrors(diagnostics)) return { diagnostics };
  const id = basename(repoPath, '.yaml');
  return {
    spec: { ...(loaded.file.data as Omit<PackSpec, 'file' | 'id'>), file: repoPath, id },
    diagnostics,
  };
}

async function runRead(argv: string[], io: CliIo, verb: 'inspect' | 'verify'): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError(`pack ${verb} takes exactly one FILE`);
  const file = positionals[0]!;
  const report = await readPack(resolve(io.cwd, file), { displayPath: file });
  if (values.json) {
    io.stdout(
      stringifyJson(
        verb === 'inspect'
          ? report
          : { file: report.file, ok: report.findings.length === 0, findings: report.findings },
        2,
      ) + '\n',
    );
  } else if (verb === 'inspect') {
    io.stdout(formatSections(report));
    printDiagnostics(report.findings, io);
  } else {
    printDiagnostics(report.findings, io);
    if (report.findings.length === 0)
      io.stdout(
        `${escapeText(file)}: ok (${report.sections.length} section(s), ${report.size} bytes)\n`,
      );
  }
  return verb === 'verify' && report.findings.length > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** One block per section: what `pack inspect` prints. Header strings are the pack's bytes: escaped, one line each. */
export function formatSections(report: PackReport): string {
  const lines = [
    `${escapeText(report.file)}: ${report.size} bytes, ${report.sections.length} section(s)`,
  ];
  report.sections.forEach((s, i) => {
    lines.push(`[${i}] ${s.command ? escapeText(s.command) : '(no command)'}`);
    if (s.name !== undefined) lines.push(`    name            ${escapeText(s.name)}`);
    if (s.version !== undefined) lines.push(`    version         ${escapeText(s.version)}`);
    if (s.md5 !== undefined) lines.push(`    md5             ${escapeText(s.md5)}`);
    if (s.size !== undefined) lines.push(`    size            ${s.size}`);
    lines.push(`    header offset   ${s.headerOffset}`);
    lines.push(`    payload offset  ${s.payloadOffset}`);
    if (s.payloadSha256 !== undefined)
      lines.push(
        `    payload sha256  ${s.payloadSha256}${s.payloadBytes !== s.size ? ` (of ${s.payloadBytes} bytes present)` : ''}`,
      );
  });
  return lines.join('\n') + '\n';
}

function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): void {
  if (diagnostics.length > 0) io.stderr(formatText(diagnostics));
}
