import type { Format, RenderContext } from './format.js';
import { FdroidKeyError, fdroidFingerprint, fdroidRepoAddress } from '../fdroid/certificate.js';
import { renderFdroidRepo } from '../fdroid/render-repo.js';
import { FDROID_INDEX_FILES, FDROID_SECTIONS, fdroidIndexPath } from '../site/site-paths.js';

/**
 * F-Droid repository (`fdroid/repo/`, `fdroid/archive/`): index-v2 + entry.jar,
 * index-v1 + index-v1.jar, diffs, and the APKs the repository holds.
 * Reads `ctx.apkFacts` when the caller read the APKs first (`readApkFacts`).
 */
export const fdroidFormat: Format = {
  id: 'fdroid',
  description: 'Signed F-Droid repository (index-v2, entry.jar, index-v1.jar) with its archive',
  signer: 'fdroid',
  render(content, ctx, signer) {
    if (signer === undefined) throw new FdroidKeyError('the F-Droid format was given no signer');
    return renderFdroidRepo({
      content,
      baseUrl: ctx.baseUrl,
      now: ctx.now,
      signer,
      previous: ctx.previous,
      published: ctx.published,
      ...(ctx.apkFacts ? { apkFacts: ctx.apkFacts } : {}),
    }).files;
  },
  // Each section's indices (to keep an unchanged one byte for byte) and the kept history (for diffs).
  readsPrevious: (sitePath) =>
    sitePath.startsWith('fdroid/history/') ||
    FDROID_SECTIONS.some((section) =>
      FDROID_INDEX_FILES.some((name) => sitePath === fdroidIndexPath(section, name)),
    ),
};

/** What the build prints and the pages show: the certificate fingerprint and the address to add in F-Droid. */
export function describeFdroidRepo(ctx: Pick<RenderContext, 'baseUrl' | 'fdroidCertificate'>): {
  fingerprint: string;
  address: string;
} {
  const certificate = ctx.fdroidCertificate;
  return {
    fingerprint: fdroidFingerprint(certificate),
    address: fdroidRepoAddress(ctx.baseUrl, certificate),
  };
}
