import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { Updater } from 'tuf-js';
import { SYNTH_LAST_BUILD } from '../synth/synth-releases.js';
import { gitotaRuns, type BenchContext } from './bench-context.js';
import { startCountingSiteServer, type PollCount } from './counting-site-server.js';
import { git } from './git-measures.js';
import { judge, summarise, type StageResult } from './stage-stats.js';

/** Checks out the Pages branch of a bare repository into a fresh directory. */
async function extractSite(gitDir: string, into: string): Promise<string> {
  await mkdir(into, { recursive: true });
  await git(gitDir, ['--work-tree', into, 'checkout', '-f', 'gh-pages', '--', '.']);
  return into;
}

/**
 * A device's poll, counted at the server: gitota's client (`gitota check`,
 * tuf-js plus the update policy, state kept between runs) and a plain tuf-js
 * Updater fetching the same manifest, each once to set up, then with no
 * update (the same site), then with one (the site after the one-release publish).
 */
export async function benchPoll(
  ctx: BenchContext,
  before: string,
  after: string,
  device: string,
): Promise<StageResult[]> {
  const siteA = await extractSite(before, join(ctx.work, 'poll-before'));
  const siteB = await extractSite(after, join(ctx.work, 'poll-after'));
  const server = await startCountingSiteServer(siteA);
  try {
    const trustedRoot = join(siteA, 'metadata', '1.root.json');
    const state = await mkdtemp(join(ctx.work, 'poll-state-'));
    const check = (): Promise<unknown> =>
      gitotaRuns(
        ctx,
        [
          'check',
          '--url',
          server.base,
          '--trusted-root',
          trustedRoot,
          '--device',
          device,
          '--channel',
          'nightly',
          '--current-version',
          '22.2',
          '--current-date',
          String(SYNTH_LAST_BUILD),
          '--current-time',
          String(ctx.epoch),
          '--state',
          state,
          '--json',
        ],
        { runs: 1, cwd: ctx.work },
      );
    const gitota = await pollThree(server, siteA, siteB, check);
    const tufState = await mkdtemp(join(ctx.work, 'poll-tufjs-'));
    const targets = await mkdtemp(join(ctx.work, 'poll-tufjs-targets-'));
    await copyFile(trustedRoot, join(tufState, 'root.json'));
    const manifest = `v1/${device}/nightly.json`;
    const tufjs = async (): Promise<void> => {
      const updater = new Updater({
        metadataBaseUrl: `${server.base}metadata`,
        targetBaseUrl: server.base,
        metadataDir: tufState,
        targetDir: targets,
      });
      await updater.refresh();
      const info = await updater.getTargetInfo(manifest);
      if (info && !(await updater.findCachedTarget(info))) await updater.downloadTarget(info);
    };
    const peer = await pollThree(server, siteA, siteB, tufjs);
    const row = (
      name: string,
      what: string,
      counts: Awaited<ReturnType<typeof pollThree>>,
    ): StageResult =>
      summarise(name, what, [], {
        firstBytes: counts.first.bodyBytes,
        noUpdateBytes: counts.none.bodyBytes,
        noUpdateRequests: counts.none.requests,
        noUpdateWireBytes: counts.none.wireBytes,
        updateBytes: counts.update.bodyBytes,
        updateRequests: counts.update.requests,
      });
    const ours = row(
      'poll: gitota check',
      'gitota check --state (tuf-js + update policy), bytes at the server',
      gitota,
    );
    return [
      judge(ours, 'no-update poll ≤ 1 KiB', gitota.none.bodyBytes <= 1024),
      row(
        'poll: tuf-js Updater (peer)',
        'tuf-js refresh + manifest download, bytes at the server',
        peer,
      ),
    ];
  } finally {
    await server.close();
  }
}

async function pollThree(
  server: Awaited<ReturnType<typeof startCountingSiteServer>>,
  siteA: string,
  siteB: string,
  poll: () => Promise<unknown>,
): Promise<{ first: PollCount; none: PollCount; update: PollCount }> {
  server.serve(siteA);
  await server.take();
  await poll();
  const first = await server.take();
  await poll();
  const none = await server.take();
  server.serve(siteB);
  await poll();
  const update = await server.take();
  return { first, none, update };
}
