import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitotaRuns, type BenchContext } from './bench-context.js';
import { repeatMeasured } from './run-measured.js';
import { judge, summarise, type StageResult } from './stage-stats.js';

/** `gitota validate` on the whole synthetic repository. */
export async function benchValidateRepository(ctx: BenchContext): Promise<StageResult> {
  const runs = await gitotaRuns(ctx, ['validate', '--repo', ctx.repo]);
  const files = /in (\d+) files/.exec(runs[0]!.stdout)?.[1] ?? '?';
  const stage = summarise('validate (whole repo)', 'gitota validate --repo REPO', runs, { files });
  return judge(stage, '≤ 10 s', stage.median <= 10_000);
}

const FDROID = '/usr/bin/fdroid';

/**
 * Debian's fdroidserver. The bench installs nothing: `npm run bench` runs
 * scripts/pretest.mjs first (prebench), which installs it with apt-get when
 * missing and root.
 */
function hasFdroid(log: (line: string) => void): boolean {
  if (existsSync(FDROID)) return true;
  log(`${FDROID} missing (scripts/pretest.mjs installs fdroidserver as root): no peer run`);
  return false;
}

/**
 * The peer: `fdroid lint -W warn` over the corpus metadata in an fdroiddata-like
 * folder (metadata/, config/, a minimal config.yml; lint works offline), against
 * `gitota validate` over the same files in a content repository.
 */
export async function benchPeer(ctx: BenchContext, corpus: string): Promise<StageResult[]> {
  const source = join(corpus, 'fdroiddata', 'metadata');
  const names = (await readdir(source)).filter((n) => n.endsWith('.yml'));
  const fdroiddata = join(ctx.work, 'fdroiddata');
  await mkdir(join(fdroiddata, 'metadata'), { recursive: true });
  await cp(join(corpus, 'fdroiddata', 'config'), join(fdroiddata, 'config'), { recursive: true });
  // fdroidserver refuses a config.yml others may read (it may hold passwords).
  await writeFile(
    join(fdroiddata, 'config.yml'),
    'repo_url: https://ota.example.org/fdroid/repo\nrepo_name: bench\n',
    { mode: 0o600 },
  );
  const contentRepo = join(ctx.work, 'corpus-repo');
  await mkdir(join(contentRepo, 'apps'), { recursive: true });
  await writeFile(
    join(contentRepo, 'gitota.yaml'),
    'site:\n  base_url: https://ota.example.org/\n  title: corpus\nchannels:\n  nightly:\n    approvals: 0\n',
  );
  for (const name of names) {
    await copyFile(join(source, name), join(fdroiddata, 'metadata', name));
    await copyFile(join(source, name), join(contentRepo, 'apps', name));
  }
  const ours = summarise(
    `validate (${names.length} corpus apps)`,
    'gitota validate on the corpus metadata files',
    await gitotaRuns(ctx, ['validate', '--repo', contentRepo], { cwd: contentRepo }),
  );
  ours.extra = { perFileMs: Number((ours.median / names.length).toFixed(2)) };
  if (!hasFdroid(ctx.log)) {
    return [
      ours,
      {
        name: 'fdroid lint (peer)',
        what: 'fdroid lint -W warn',
        runs: [],
        median: NaN,
        min: NaN,
        max: NaN,
        target: 'fdroidserver missing',
        pass: false,
      },
    ];
  }
  // lint exits 1 when it has findings (Debian's 2.2.1 predates some current categories): the work is the same.
  const lintRuns = await repeatMeasured(ctx.runs, FDROID, ['lint', '-W', 'warn'], {
    cwd: fdroiddata,
    env: { ...ctx.env, HOME: ctx.work },
    accept: [0, 1],
  });
  const lint = summarise(
    `fdroid lint -W warn (${names.length} apps, peer)`,
    'fdroid lint -W warn in an fdroiddata-like folder',
    lintRuns,
  );
  lint.extra = { perFileMs: Number((lint.median / names.length).toFixed(2)) };
  const ratio = lint.median / ours.median;
  return [
    lint,
    judge(
      { ...ours, extra: { ...ours.extra, fasterThanPeer: `${ratio.toFixed(1)}x` } },
      '≥ 10x faster than fdroid lint',
      ratio >= 10,
    ),
  ];
}
