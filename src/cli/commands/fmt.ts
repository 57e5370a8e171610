import { formatText } from '../../diagnostics/render.js';
import { sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { formatRepository } from '../../fmt/format-repository.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command, toRepoPath } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, progressFor, UsageError, type CliIo } from '../io.js';
import { escapeText } from '../../diagnostics/escape-text.js';
import { GITOTA_ACTION_REPOSITORY, GITOTA_PACKAGE_VERSION } from '../package-info.js';

const USAGE = `Usage: gitota fmt [--check] [--repo DIR] [PATH...]

Rewrites content files into canonical form: keys in their schema's order
(apps/*.yml: F-Droid's rewritemeta order and blank lines), two-space
indentation, strings that YAML would read as numbers quoted, the
yaml-language-server schema comment first. Comments are kept. Files that
cannot be parsed are reported and left alone.

Run on the whole repository, it also brings schemas/ (the copies of gitota's
schemas that the schema comments point at, for editors) up to this gitota's:
a missing, older or edited copy is rewritten, one from a newer gitota is kept.

Options:
  --check      write nothing; list the files that would change, exit 1 if any
  --repo DIR   the content repository (default: the current directory)

Exit status: 0 done (or nothing to change), 1 files would change (--check) or
could not be parsed, 2 usage or internal error.
`;

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'rewrite content files in canonical order and layout, keeping comments',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { ...REPO_OPTION, check: { type: 'boolean' } },
      true,
    );
    const root = repoDir(values.repo, io);
    const paths = positionals.map((p) => toRepoPath(root, p, io));
    const check = values.check === true;
    const editorSchemas = { repository: GITOTA_ACTION_REPOSITORY, version: GITOTA_PACKAGE_VERSION };
    const result = await formatRepository(
      root,
      paths.length > 0
        ? { check, paths, progress: progressFor(io) }
        : { check, editorSchemas, progress: progressFor(io) },
    );
    const diagnostics = sortDiagnostics(result.diagnostics);
    if (diagnostics.length > 0) io.stderr(formatText(diagnostics));
    for (const path of result.changed)
      io.stdout(
        check ? `would reformat ${escapeText(path)}\n` : `reformatted ${escapeText(path)}\n`,
      );
    for (const kept of result.newerSchemas)
      io.stdout(
        `kept ${escapeText(kept.path)}: it is gitota ${kept.version}'s, newer than this gitota ${GITOTA_PACKAGE_VERSION}\n`,
      );
    const verb = check ? 'would be reformatted' : 'reformatted';
    const skipped = new Set(diagnostics.map((d) => d.file)).size;
    io.stdout(
      `${result.changed.length} of ${result.files} files ${verb}${skipped > 0 ? `, ${skipped} left alone (errors above)` : ''}\n`,
    );
    return (check && result.changed.length > 0) || skipped > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};
