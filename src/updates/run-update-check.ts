import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../diagnostics/describe-error.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Content } from '../model/types.js';
import { validateRepository } from '../validate/index.js';
import { cacheDir, openCheckCache } from './check-cache.js';
import { checkApp } from './check-app.js';
import { checkDevice, watchSourcesOf } from './check-device.js';
import type { CheckContext } from './check-context.js';
import { createHostLimiter } from './host-limiter.js';
import { diagnosticAt, type TargetOutcome } from './outcome.js';
import { createUpstreamHttp } from './upstream-http.js';
import { createApkVerifier } from './apksigner.js';

/**
 * `gitota check-updates` as a function: load the content, check every app
 * (or the ids asked for) and every device with a watch source, a few at a
 * time, within a run-time budget, and return each one's outcome. Nothing is
 * written here besides the cache; proposals are applied by the caller.
 */

export interface UpdateCheckOptions {
  root: string;
  /** App ids and device codenames to check; empty: all. */
  ids: readonly string[];
  /** Unix seconds. */
  now: number;
  timeoutMs: number;
  budgetMs: number;
  perHost: number;
  concurrency: number;
  maxApkBytes: number;
  maxZipBytes: number;
  maxPageBytes: number;
  maxTags: number;
  /** Path of apksigner; undefined: APK signatures cannot be verified (and no APK is added). */
  apksigner?: string;
  githubApiUrl: string;
  githubToken?: string;
  /** Undefined: `.gitota/updates/` of the repository; null: no cache. */
  cacheDir?: string | null;
  /** Skip a target checked less than this many seconds ago (0: check all). */
  recheckAfter: number;
  fetchImpl?: typeof fetch;
}

export const UPDATE_CHECK_DEFAULTS = {
  timeoutMs: 30_000,
  budgetMs: 20 * 60_000,
  perHost: 2,
  concurrency: 4,
  maxApkBytes: 200 * 1024 * 1024,
  maxZipBytes: 4 * 1024 * 1024 * 1024,
  maxPageBytes: 4 * 1024 * 1024,
  maxTags: 2000,
  recheckAfter: 0,
} as const;

export interface UpdateCheckRun {
  content: Content;
  /** The repository's own findings before anything was checked (for "did a change bring errors"). */
  contentDiagnostics: Diagnostic[];
  outcomes: TargetOutcome[];
  /** Ids that name no app and no device. */
  unknownIds: string[];
  elapsedMs: number;
}

interface Target {
  kind: 'app' | 'device';
  id: string;
  run(ctx: CheckContext): Promise<TargetOutcome>;
  file: string;
}

export async function runUpdateCheck(options: UpdateCheckOptions): Promise<UpdateCheckRun> {
  const started = Date.now();
  const validated = await validateRepository(options.root, { now: options.now });
  const content = validated.content;
  const all: Target[] = [
    ...content.apps.map((app): Target => ({
      kind: 'app',
      id: app.id,
      file: app.file,
      run: (ctx) => checkApp(ctx, content, app),
    })),
    ...content.devices
      .filter((d) => watchSourcesOf(content, d).length > 0)
      .map((device): Target => ({
        kind: 'device',
        id: device.model,
        file: device.file,
        run: (ctx) => checkDevice(ctx, content, device),
      })),
  ];
  const wanted = new Set(options.ids);
  const known = new Set([...content.apps.map((a) => a.id), ...content.devices.map((d) => d.model)]);
  const targets = wanted.size === 0 ? all : all.filter((t) => wanted.has(t.id));
  const unknownIds = [...wanted].filter((id) => !known.has(id));
  const cache = await openCheckCache(
    options.cacheDir === null ? undefined : (options.cacheDir ?? cacheDir(options.root)),
  );
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), options.budgetMs);
  const workDir = await mkdtemp(join(tmpdir(), 'gitota-check-updates-'));
  const limiter = createHostLimiter(options.perHost);
  const ctx: CheckContext = {
    git: {
      timeoutMs: options.timeoutMs,
      signal: budget.signal,
      maxFileBytes: 1 << 20,
      maxTreeEntries: 200_000,
    },
    http: createUpstreamHttp({
      timeoutMs: options.timeoutMs,
      signal: budget.signal,
      limiter,
      cache,
      now: options.now,
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    }),
    limiter,
    cache,
    now: options.now,
    limits: {
      maxPageBytes: options.maxPageBytes,
      maxApkBytes: options.maxApkBytes,
      maxZipBytes: options.maxZipBytes,
      maxTags: options.maxTags,
    },
    workDir,
    ...(options.apksigner ? { verifyApk: createApkVerifier(options.apksigner) } : {}),
    githubApiUrl: options.githubApiUrl,
    ...(options.githubToken ? { githubToken: options.githubToken } : {}),
  };
  const outcomes: TargetOutcome[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < targets.length; i = next++) {
      const target = targets[i]!;
      const key = `${target.kind}:${target.id}`;
      const last = cache.data.targets[key];
      if (
        options.recheckAfter > 0 &&
        last !== undefined &&
        options.now - last.checkedAt < options.recheckAfter
      ) {
        outcomes[i] = {
          kind: target.kind,
          id: target.id,
          status: 'skipped',
          note: `checked ${options.now - last.checkedAt} s ago (${last.outcome})`,
          diagnostics: [],
        };
        continue;
      }
      if (budget.signal.aborted) {
        outcomes[i] = {
          kind: target.kind,
          id: target.id,
          status: 'skipped',
          note: 'the run-time budget was spent before this was checked',
          diagnostics: [
            diagnosticAt(
              target.file,
              undefined,
              '',
              'GITOTA630',
              'warning',
              `${target.id}: not checked: the run-time budget (${Math.round(options.budgetMs / 1000)} s) was spent`,
            ),
          ],
        };
        continue;
      }
      let outcome: TargetOutcome;
      try {
        outcome = await target.run(ctx);
      } catch (error) {
        outcome = {
          kind: target.kind,
          id: target.id,
          status: 'failed',
          note: describeError(error),
          diagnostics: [
            diagnosticAt(
              target.file,
              undefined,
              '',
              'GITOTA635',
              'error',
              `${target.id}: the update check failed internally: ${describeError(error)}`,
            ),
          ],
        };
      }
      outcomes[i] = outcome;
      cache.data.targets[key] = { checkedAt: options.now, outcome: outcome.note };
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    clearTimeout(timer);
    await rm(workDir, { recursive: true, force: true });
    await cache.save();
  }
  return {
    content,
    contentDiagnostics: validated.diagnostics,
    outcomes,
    unknownIds,
    elapsedMs: Date.now() - started,
  };
}
