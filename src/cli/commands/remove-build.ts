import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRepository } from '../../load/load-repository.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../io.js';
import { escapeText } from '../../diagnostics/escape-text.js';

const USAGE = `Usage: gitota remove-build (-f FILENAME | --id ID) [--repo DIR]

Removes the release file of a build (the old server's 'flask delrom'): the one
whose \`filename\` is FILENAME, or whose id (file name without .yaml) is ID.
With both, the release must match both.

Options:
  -f, --filename NAME   the zip's file name
      --id ID           the release id
      --repo DIR        the content repository (default: the current directory)

Exit status: 0 removed, 1 no such release, 2 usage error.
`;

export const removeBuildCommand: Command = {
  name: 'remove-build',
  summary: 'remove the release file of a build (the old delrom)',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      filename: { type: 'string', short: 'f' },
      id: { type: 'string' },
    });
    if (values.filename === undefined && values.id === undefined)
      throw new UsageError('give -f/--filename or --id');
    const root = repoDir(values.repo, io);
    const loaded = await loadRepository(root);
    const matches = loaded.files.filter((file) => {
      if (file.kind !== 'release') return false;
      const id = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
      const filename =
        typeof file.data === 'object' && file.data !== null
          ? (file.data as { filename?: unknown }).filename
          : undefined;
      return (
        (values.filename === undefined || filename === values.filename) &&
        (values.id === undefined || id === values.id)
      );
    });
    if (matches.length === 0) {
      const what = [
        values.filename !== undefined ? `filename ${values.filename}` : '',
        values.id !== undefined ? `id ${values.id}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      io.stderr(`gitota remove-build: no release has ${escapeText(what)}\n`);
      return EXIT_FAILURE;
    }
    for (const file of matches) {
      await rm(join(root, file.path));
      io.stdout(`removed ${escapeText(file.path)}\n`);
    }
    return EXIT_OK;
  },
};
