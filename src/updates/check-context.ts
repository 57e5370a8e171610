import type { CheckCache } from './check-cache.js';
import { openFetchArea, type FetchArea, type GitLimits } from './git-upstream.js';
import type { HostLimiter } from './host-limiter.js';
import type { UpstreamHttp } from './upstream-http.js';

/** Everything one check may use of the outside world, passed in (time is a parameter). */
export interface CheckContext {
  git: GitLimits;
  http: UpstreamHttp;
  /** Git remotes are limited per host like HTTP. */
  limiter: HostLimiter;
  cache: CheckCache;
  /** Unix seconds: the run's clock (SOURCE_DATE_EPOCH or now). */
  now: number;
  limits: { maxPageBytes: number; maxApkBytes: number; maxZipBytes: number; maxTags: number };
  /** Where binaries are downloaded to (a temporary folder of the run). */
  workDir: string;
  /** Runs `apksigner verify` on a file (src/updates/apksigner.ts); undefined: no apksigner. */
  verifyApk?: (
    file: string,
  ) => Promise<{ ok: true; signers: string[] } | { ok: false; reason: string }>;
  /** GitHub's REST API root for `github-releases` watch sources (GITHUB_API_URL). */
  githubApiUrl: string;
  githubToken?: string;
}

/** A fetch area for the length of `use`, always removed. */
export async function withFetchArea<T>(
  ctx: CheckContext,
  use: (area: FetchArea) => Promise<T>,
): Promise<T> {
  const area = await openFetchArea(ctx.git);
  try {
    return await use(area);
  } finally {
    await area.close();
  }
}
