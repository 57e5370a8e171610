/**
 * The running gitota's own version: a constant put in at build time
 * (scripts/package-facts.mjs, also defined by vitest.config.ts); a run from
 * unbuilt sources says `dev`. Anything gitota writes for a later run of itself
 * (the published content index) names it, so another version does not trust it.
 */

declare const GITOTA_VERSION: string | undefined;

export const GITOTA_PACKAGE_VERSION: string =
  typeof GITOTA_VERSION === 'string' ? GITOTA_VERSION : 'dev';
