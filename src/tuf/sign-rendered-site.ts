/**
 * The signing step as the site pipeline plugs it in (`SignSite` of
 * build-site.ts): reads the repository's trust/ folder, then signs with the
 * build's signers.
 */
import type { OutputFile } from '../site/output-file.js';
import type { RenderContext } from '../formats/format.js';
import type { Content } from '../model/types.js';
import { locationUrl } from '../site/location-url.js';
import { externalReleaseTargets } from './external-targets.js';
import { signSite } from './sign-site.js';
import type { SiteSigners } from './site-signers.js';
import { loadTrust } from './trust-store.js';

export async function signRenderedSite(
  site: readonly OutputFile[],
  content: Content,
  ctx: RenderContext,
  signers: SiteSigners,
): Promise<OutputFile[]> {
  const trust = await loadTrust(content.root, ctx.tree);
  const external = externalReleaseTargets(content, (release) =>
    locationUrl(ctx, release, release.filename),
  );
  return signSite({
    files: [...site],
    content,
    signers,
    previous: ctx.previous,
    now: ctx.now,
    trust,
    external,
  });
}
