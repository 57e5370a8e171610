import type { OutputFile } from '../formats/format.js';
import type { KeyRing } from '../model/keys.js';
import { buildSite, type LoadValidated, type SignSite } from '../publish/build-site.js';
import type { DownloadVerified } from '../publish/download-verified.js';
import { writeSite, type WriteSummary } from '../publish/write-site.js';
import type { Reporter } from './reporter.js';

export interface BuildToDirectoryOptions {
  repo: string;
  out: string;
  now: number;
  keys: KeyRing;
  /** load + validate (the gather stage); the work tree's tracked files for `build` and `start`. */
  load: LoadValidated;
  /** Absent = offline. */
  downloadApk?: DownloadVerified;
  baseUrl?: string;
  releaseAssetBaseUrl?: string;
  sign?: SignSite;
}

/** `errors`: how many errors refused the build (the folder is unchanged). */
export type BuildToDirectoryResult =
  | { ok: false; errors: number; files: OutputFile[] }
  | {
      ok: true;
      files: OutputFile[];
      summary: WriteSummary;
      fdroidRepo?: { fingerprint: string; address: string };
    };

/** gather (load, validate) → build → write the whole site into `out`, atomically. Findings go to the reporter. */
export async function buildToDirectory(
  options: BuildToDirectoryOptions,
  reporter: Reporter,
): Promise<BuildToDirectoryResult> {
  const result = await buildSite(options.repo, options.load, {
    now: options.now,
    keys: options.keys,
    ...(options.downloadApk !== undefined ? { downloadApk: options.downloadApk } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.releaseAssetBaseUrl !== undefined
      ? { releaseAssetBaseUrl: options.releaseAssetBaseUrl }
      : {}),
    ...(options.sign !== undefined ? { sign: options.sign } : {}),
  });
  reporter.diagnostics(result.diagnostics);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    return { ok: false, errors, files: [] };
  }
  const summary = await writeSite(result.files, options.out, { repoRoot: options.repo });
  return {
    ok: true,
    files: result.files,
    summary,
    ...(result.fdroidRepo !== undefined ? { fdroidRepo: result.fdroidRepo } : {}),
  };
}
