/**
 * The trust area: TUF metadata over the site, keys, root rotation, format
 * signatures and rollouts. What other areas (site pipeline, publisher, client)
 * call lives here.
 */
export { canonicalJson, CanonicalJsonError } from './canonical-json.js';
export { KeyError, TrustError } from './errors.js';
export { signFormats } from './format-signatures.js';
export { isManifestPath, isTomTomSignedPath } from '../site/site-paths.js';
export { DEV_KEYS_WARNING, KEY_ENV, loadKeyRing } from './keys.js';
export {
  hashedTargetPath,
  MANIFEST_PUBLIC_KEY_PATH,
  METADATA_DIR,
  metadataPath,
  TIMESTAMP_PATH,
  TRUST_ROOTS_DIR,
  TRUSTED_ROOT_SITE_PATH,
  trustedRootPath,
} from './layout.js';
export type {
  Envelope,
  RootSigned,
  SnapshotSigned,
  TargetInfo,
  TargetsSigned,
  TimestampSigned,
} from './metadata.js';
export type { ReleaseCustom } from './release-custom.js';
export type { PackCustom } from './pack-custom.js';
export { isDevelopmentRoot } from './root-metadata.js';
export {
  BUCKETS,
  bucketOf,
  rolloutAllows,
  rolloutPercentAt,
  type SignedRollout,
} from '../model/rollout.js';
export { signRenderedSite } from './sign-rendered-site.js';
export {
  signSite,
  signSiteDetailed,
  type SignSiteInput,
  type SignSiteResult,
} from './sign-site.js';
export { loadTrust, type TrustState } from './trust-store.js';
export { keyIdOf, tufPublicKeyOf, type TufPublicKey } from './tuf-key.js';
