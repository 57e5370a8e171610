import { resolve } from 'node:path';
import { escapeText } from '../../diagnostics/escape-text.js';
import { buildShardPacks } from '../../packs/build-shard-packs.js';
import { checkBaseUrl } from '../build-inputs.js';
import { formatDiagnostics } from '../cli-reporter.js';
import { readClock } from '../clock.js';
import { parseCommandArgs, REPO_OPTION, repoDir, type Command } from '../command.js';
import { formatBytes } from '../format-bytes.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { runBuild } from '../run-build.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'validate the content and build the static site into a directory',
  usage: `Usage: gitota build [--repo DIR] [--out DIR] [--base-url URL] [--github-repository OWNER/REPO]

Validates the content repository (refusing to build on any error) and writes the
whole site, atomically, into --out (default: _site/ in the repository).

  --repo DIR                  the content repository (default: .)
  --out DIR                   output folder, replaced as a whole (default: DIR/_site); only a new or
                              empty folder, or one an earlier gitota build made, and never the
                              repository, anything in .git or anything git tracks
  --base-url URL              where the site is served (default: site.base_url of gitota.yaml)
  --github-repository O/R     repository whose release assets releases name (default: $GITHUB_REPOSITORY)
  --shard I/N                 only this shard's Legato packs, into --out (default: DIR/_packs), for a
                              matrix job (gitota plan --matrix N; then gitota publish --packs DIR...)

SOURCE_DATE_EPOCH sets the build time: the same content and epoch give the same bytes.
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...REPO_OPTION,
      out: { type: 'string' },
      'base-url': { type: 'string' },
      'github-repository': { type: 'string' },
      shard: { type: 'string' },
    });
    const repo = repoDir(values.repo, io);
    if (values.shard !== undefined)
      return runShardBuild(io, {
        repo,
        shard: values.shard,
        out: values.out !== undefined ? resolve(io.cwd, values.out) : resolve(repo, '_packs'),
      });
    const out = values.out !== undefined ? resolve(io.cwd, values.out) : resolve(repo, '_site');
    const baseUrl = values['base-url'] !== undefined ? checkBaseUrl(values['base-url']) : undefined;
    const built = await runBuild(io, {
      repo,
      out,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      ...(values['github-repository'] !== undefined
        ? { githubRepository: values['github-repository'] }
        : {}),
    });
    if (!built.ok || built.summary === undefined) return EXIT_FAILURE;
    io.stdout(
      `built ${built.summary.files} files (${formatBytes(built.summary.bytes)}) into ${out}\n`,
    );
    return EXIT_OK;
  },
};

/**
 * `gitota build --shard I/N --out DIR`: one job of the pack-build matrix
 * (`gitota plan --matrix N`). Builds this shard's packs into DIR as pack-cache
 * entries; the publish job gathers every shard's DIR (`publish --packs DIR...`)
 * and signs and publishes once.
 */
async function runShardBuild(
  io: CliIo,
  options: { repo: string; shard: string; out: string },
): Promise<number> {
  const result = await buildShardPacks(options.repo, options.shard, options.out, readClock(io.env));
  if (!result.ok && result.reason === 'shard')
    throw new UsageError(
      `--shard takes I/N with 1 <= I <= N (got ${JSON.stringify(options.shard)})`,
    );
  if (result.diagnostics.length > 0) io.stderr(formatDiagnostics(result.diagnostics));
  if (!result.ok) return EXIT_FAILURE;
  const { packs } = result;
  io.stdout(
    `shard ${options.shard}: ${packs.length} pack${packs.length === 1 ? '' : 's'} in ${options.out}${packs.length ? `: ${packs.map((p) => escapeText(p.id)).join(', ')}` : ''}\n`,
  );
  return EXIT_OK;
}
