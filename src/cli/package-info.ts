/**
 * The running gitota's own version and the GitHub repository it is released
 * from (OWNER/NAME): `gitota --version`, and what `gitota init` writes into a
 * new content repository (`uses: OWNER/NAME@vMAJOR`, the schemas' `$id`).
 * Both are constants put in at build time (scripts/package-facts.mjs); a run
 * from unbuilt sources says `dev`.
 */

import { GITOTA_PACKAGE_VERSION } from '../model/gitota-version.js';

declare const GITOTA_REPOSITORY: string | undefined;

export { GITOTA_PACKAGE_VERSION };
export const GITOTA_ACTION_REPOSITORY: string =
  typeof GITOTA_REPOSITORY === 'string' ? GITOTA_REPOSITORY : 'gitota/gitota';

/** `v1` for 1.4.2: the tag that `uses: OWNER/gitota@v1` follows (the release workflow moves it). */
export function majorTagOf(version: string): string | undefined {
  const match = /^(\d+)\.\d+\.\d+(?:[-+].*)?$/.exec(version);
  return match ? `v${match[1]}` : undefined;
}
