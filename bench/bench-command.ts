import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureHashThroughput } from '../src/packs/hash-file.js';
import type { BenchContext } from './stages/bench-context.js';
import { benchRuns } from './stages/bench-context.js';
import {
  addOneRelease,
  benchFirstPublish,
  benchFullBuild,
  benchIncremental,
  benchPublish,
  benchPullRequest,
  initContentGit,
} from './stages/stages-build.js';
import { benchHashing } from './stages/stages-hash.js';
import { benchPoll } from './stages/stages-poll.js';
import { benchHostileYaml } from './stages/stages-yaml.js';
import { benchPeer, benchValidateRepository } from './stages/stages-validate.js';
import { formatTable, summarise, type StageResult } from './stages/stage-stats.js';
import { SYNTH_EPOCH } from './synth/synth-releases.js';
import { sha256OfZeros, startZeroPayloadServer } from './stages/zero-payload-server.js';
import { runPublish } from '../src/cli/commands/publish.js';
import { parseCommandArgs, type Command } from '../src/cli/command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../src/cli/io.js';

const USAGE = `Usage: npm run bench -- [--quick] [--runs N] [--only STAGES] [--results FILE] [--keep] [--corpus DIR]

Measures every stage at LineageOS + F-Droid scale on a synthetic repository
(bench/synth: 600 devices, 30,000 releases, 6,500 apps; --quick: a tenth),
each run in its own process (median, min, max of N runs and peak RSS), runs
fdroid lint on the same metadata as a peer, prints a table and writes
--results (default bench/results.json). See bench/README.md.

  --quick          a tenth of the scale (and a 128 MiB payload), one run per stage: under a minute
  --runs N         runs per stage (default 5; 1 with --quick)
  --only STAGES    comma-separated: validate,peer,build,pr,incremental,publish,poll,hash,yaml
  --results FILE   where results go (default bench/results.json)
  --keep           keep the scratch folder (printed)
  --corpus DIR     as for synth (bench/synth-command.ts)
`;

const STAGES = [
  'validate',
  'peer',
  'build',
  'pr',
  'incremental',
  'publish',
  'poll',
  'hash',
  'yaml',
] as const;
type StageName = (typeof STAGES)[number];
const SEED = 'gitota-bench';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure every stage at LineageOS and F-Droid scale',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      only: { type: 'string' },
      results: { type: 'string' },
      keep: { type: 'boolean' },
      corpus: { type: 'string' },
      'hash-file': { type: 'string' },
      'publish-trusting-urls': { type: 'string' },
    });
    if (values['hash-file'] !== undefined) return hashChild(values['hash-file'], io);
    if (values['publish-trusting-urls'] !== undefined)
      return publishChild(resolve(io.cwd, values['publish-trusting-urls']), io);
    const quick = values.quick ?? false;
    // --quick is a smoke run of every stage (under a minute); the full bench takes the median of 5.
    const runs = values.runs === undefined ? (quick ? 1 : 5) : Number(values.runs);
    if (!Number.isSafeInteger(runs) || runs < 1)
      throw new UsageError('--runs must be a positive whole number');
    const only = new Set<StageName>(
      values.only === undefined ? STAGES : (values.only.split(',') as StageName[]),
    );
    for (const name of only)
      if (!STAGES.includes(name))
        throw new UsageError(`unknown stage ${name}; stages: ${STAGES.join(', ')}`);
    const scale = quick
      ? { devices: 60, builds: 50, apps: 650, hashBytes: 128 * 1_048_576 }
      : { devices: 600, builds: 50, apps: 6500, hashBytes: 1024 * 1_048_576 };
    const corpus = resolve(io.cwd, values.corpus ?? io.env.GITOTA_CORPUS ?? '../shared/corpus');
    const work = await mkdtemp(join(tmpdir(), 'gitota-bench-'));
    const epoch = Math.max(SYNTH_EPOCH, Math.floor(Date.now() / 1000));
    const ctx: BenchContext = {
      work,
      repo: join(work, 'repo'),
      runs,
      quick,
      node: process.execPath,
      // Run from the package root (npm run bench): the CLI that npm run bench has just built.
      cli: resolve(io.cwd, 'bin/gitota.js'),
      benchEntry: resolve(process.argv[1] ?? 'bench/lib/main.js'),
      // The build clock is the bench's start (read once, here): TUF clients (tuf-js) check expiry against the real clock.
      env: {
        ...io.env,
        SOURCE_DATE_EPOCH: String(epoch),
        CI: 'true',
        GITOTA_CORPUS: corpus,
        GITOTA_OFFLINE: '1',
      },
      epoch,
      log: (line) => io.stderr(`bench: ${line}\n`),
    };
    const started = performance.now();
    const stages: StageResult[] = [];
    try {
      ctx.log(`scratch ${work}; ${runs} runs per stage; ${quick ? 'quick' : 'full'} scale`);
      const synth = await benchRuns(
        ctx,
        [
          'synth',
          '--out',
          ctx.repo,
          '--devices',
          String(scale.devices),
          '--builds',
          String(scale.builds),
          '--apps',
          String(scale.apps),
          '--seed',
          SEED,
        ],
        { runs: 1, cwd: io.cwd },
      );
      stages.push(
        summarise(
          'synth',
          `synth --devices ${scale.devices} --builds ${scale.builds} --apps ${scale.apps}`,
          synth,
          { summary: synth[0]!.stdout.trim().replace(/ into .*/, '') },
        ),
      );
      const { remote } = await initContentGit(ctx);
      const step = async (
        name: StageName,
        body: () => Promise<StageResult | StageResult[]>,
      ): Promise<void> => {
        if (!only.has(name)) return;
        ctx.log(`${name}...`);
        const result = await body();
        stages.push(...(Array.isArray(result) ? result : [result]));
      };
      await step('validate', () => benchValidateRepository(ctx));
      await step('peer', () => benchPeer(ctx, corpus));
      await step('build', () => benchFullBuild(ctx));
      const needsPublish = only.has('incremental') || only.has('publish');
      const first = needsPublish ? await benchFirstPublish(ctx, remote) : undefined;
      if (first) stages.push(first.stage);
      const payloadSize = quick ? 128 * 1_048_576 : 1024 * 1_048_576;
      const payload = await startZeroPayloadServer(payloadSize);
      try {
        const added = await addOneRelease(ctx, SEED, {
          base: payload.base,
          size: payloadSize,
          sha256: sha256OfZeros(payloadSize),
        });
        await step('pr', () => benchPullRequest(ctx, added));
        if (first) {
          await step('incremental', () => benchIncremental(ctx, first.baseCopy));
          await step('publish', () => benchPublish(ctx, remote, first.baseCopy));
          // The poll needs the site after the one-release publish.
          if (only.has('publish'))
            await step('poll', () => benchPoll(ctx, first.baseCopy, remote, added.split('/')[1]!));
        }
      } finally {
        await payload.close();
      }
      await step('hash', () => benchHashing(ctx, scale.hashBytes));
      await step('yaml', () => benchHostileYaml(ctx));
    } finally {
      if (values.keep) ctx.log(`kept ${work}`);
      else await rm(work, { recursive: true, force: true });
    }
    io.stdout(formatTable(stages));
    const misses = stages.filter((s) => s.pass === false).length;
    const results = resolve(io.cwd, values.results ?? 'bench/results.json');
    await mkdir(dirname(results), { recursive: true });
    const report = {
      scale: { ...scale, quick },
      runs,
      host: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      totalSeconds: Math.round((performance.now() - started) / 1000),
      stages,
    };
    await writeFile(results, `${JSON.stringify(report, null, 2)}\n`);
    io.stdout(
      `${misses === 0 ? 'every target met' : `${misses} target${misses === 1 ? '' : 's'} missed`}; results in ${results} (${report.totalSeconds} s)\n`,
    );
    return misses === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};

/**
 * Child mode, setup only: publish the synthetic repository's first commit
 * trusting the declared size and sha256 of its external URLs (mirrors that
 * do not exist); everything else is `gitota publish --dev-keys`.
 */
async function publishChild(repo: string, io: CliIo): Promise<number> {
  const result = await runPublish(io, {
    repo,
    remote: 'origin',
    branch: 'gh-pages',
    devKeys: true,
    verifyExternal: async () => ({ ok: true }),
  });
  return result.outcome === 'failed' || result.outcome === 'invalid' ? EXIT_FAILURE : EXIT_OK;
}

/** Child mode: hash one file as the pack builder does and print the time (JSON). */
async function hashChild(path: string, io: CliIo): Promise<number> {
  const result = await measureHashThroughput(resolve(io.cwd, path), () => performance.now() / 1000);
  io.stdout(
    `${JSON.stringify({ bytes: result.bytes, seconds: result.seconds, sha256: result.sha256 })}\n`,
  );
  return EXIT_OK;
}
