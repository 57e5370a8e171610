import type { Content } from '../model/types.js';
import type { PreparedPack } from '../packs/prepare-packs.js';
import type { ApkFactsMap } from '../fdroid/apk/apk-facts.js';
import type { JarSigner } from '../fdroid/jar-signature.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { SiteUrls } from '../site/location-url.js';
import type { OutputFile } from '../site/output-file.js';
import type { PreviousSite } from '../site/previous-site.js';

// Formats and their tests reach the site's ground-level helpers through here too.
export type { OutputFile } from '../site/output-file.js';
export { jsonFile, textFile } from '../site/output-file.js';
export { siteUrl } from '../site/location-url.js';
export { EMPTY_SITE, type PreviousSite } from '../site/previous-site.js';

export interface RenderContext extends SiteUrls {
  /** Seconds since the epoch: SOURCE_DATE_EPOCH or now. The only clock a format may read. */
  now: number;
  /**
   * DER certificate of the F-Droid repository key (public: pages show its
   * fingerprint); empty while none is configured. No private key reaches a
   * context: a format that signs names its signer (`Format.signer`) and is given
   * that one alone; the `.sig` files and TUF metadata are signed after rendering.
   */
  fdroidCertificate: Uint8Array;
  /** The site as currently published (empty on a first build): for versions and timestamps that must only grow. */
  previous: PreviousSite;
  /**
   * Facts read from the APKs the repository holds (repository path → facts), read
   * before rendering with `readApkFacts` from src/fdroid/apk/read-apk-facts.ts.
   * Unset: the F-Droid format uses versions.yaml's facts alone.
   */
  apkFacts?: ApkFactsMap;
  /** Legato packs built before rendering (`preparePacks` in src/packs); absent: no pack is published. */
  packs?: readonly PreparedPack[];
  /** The tracked tree the site is built from, for the signing step's trust/ files; absent: what git would track at `content.root`. */
  tree?: TrackedTree;
}

/** The signers a format may ask for by name. */
export interface FormatSigners {
  /** F-Droid's index JARs (entry.jar, index-v1.jar). */
  fdroid: JarSigner;
}

/** A format is a pure function from the validated model to files. */
export interface Format {
  /** Short stable id, e.g. `lineage-v1`. */
  id: string;
  description: string;
  /** The one signer this format signs with; absent: it signs nothing and is given no signer. */
  signer?: keyof FormatSigners;
  render(
    content: Content,
    ctx: RenderContext,
    signer?: FormatSigners[keyof FormatSigners],
  ): OutputFile[];
  /**
   * The files of the previous site this format reads back (`ctx.previous`), so the
   * edge reads exactly those from the site branch before rendering. Absent: none.
   */
  readsPrevious?(sitePath: string): boolean;
}
