import { formatGithub, formatJson, formatSummary, formatText } from '../../diagnostics/render.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { validateRepository } from '../../validate/index.js';
import { readPublishedIndex } from '../../load/read-published-index.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command, toRepoPath } from '../command.js';
import { readClock } from '../clock.js';
import { EXIT_FAILURE, EXIT_OK, progressFor, UsageError, type CliIo } from '../io.js';

const USAGE = `Usage: gitota validate [--repo DIR] [PATH...] [--site REF] [--stats] [--format text|json|github]

Checks every content file of the repository (the working tree as it is): YAML
safety, the JSON Schemas and every semantic rule. With PATHs (files or folders),
only their findings are shown; cross-file rules still read the whole repository.

Options:
  --repo DIR       the content repository (default: the current directory)
  --format FORMAT  text (default, like a compiler), json, or github (workflow annotations)
  --site REF       a commit of the Pages branch (origin/gh-pages): files whose blob
                   its content index names are not read again, only those that
                   differ from the published commit; same findings as without
  --stats          print files checked, milliseconds and files per second to stderr

Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or internal error.
`;

const FORMATS = ['text', 'json', 'github'] as const;
type OutputFormat = (typeof FORMATS)[number];

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the content repository: YAML safety, schemas and rules',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        ...REPO_OPTION,
        format: { type: 'string' },
        site: { type: 'string' },
        stats: { type: 'boolean' },
      },
      true,
    );
    const format = (values.format ?? 'text') as OutputFormat;
    if (!FORMATS.includes(format))
      throw new UsageError(
        `--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(values.format)})`,
      );
    const root = repoDir(values.repo, io);
    const paths = positionals.map((p) => toRepoPath(root, p, io));
    const now = readClock(io.env);
    const publishedIndex =
      values.site === undefined ? undefined : await readPublishedIndex(root, values.site);
    const result = await validateRepository(root, {
      now,
      index: true,
      progress: progressFor(io),
      ...(paths.length > 0 ? { paths } : {}),
      ...(publishedIndex !== undefined ? { publishedIndex } : {}),
    });
    const { diagnostics, stats } = result;
    if (format === 'json') io.stdout(formatJson(diagnostics));
    else if (format === 'github') io.stdout(formatGithub(diagnostics));
    else io.stdout(formatText(diagnostics));
    // The summary is for people; keep stdout pure JSON when asked for JSON.
    const summary = `${formatSummary(diagnostics, stats.files)}\n`;
    if (format === 'json') io.stderr(summary);
    else io.stdout(summary);
    // Not an error: without the site's index every file is read and checked, with the same findings.
    if (values.site !== undefined && stats.publishedIndex !== true)
      io.stderr(
        `note: the content index of ${values.site} is not usable (none, or of other code or limits): every file is read and checked\n`,
      );
    if (values.stats) {
      const perSecond = stats.ms > 0 ? Math.round((stats.files * 1000) / stats.ms) : stats.files;
      io.stderr(`${stats.files} files in ${Math.round(stats.ms)} ms (${perSecond} files/s)\n`);
      if (stats.fresh !== undefined)
        io.stderr(
          `${stats.fresh} read and checked, the rest from the content index${values.site !== undefined && stats.publishedIndex === true ? ' (the site’s used)' : ''}\n`,
        );
    }
    return hasErrors(diagnostics) ? EXIT_FAILURE : EXIT_OK;
  },
};
