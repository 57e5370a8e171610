/**
 * `gitota/client`: check, verify and choose an update as a device would.
 * TUF is tuf-js's; this adds the update policy (LineageOS rules, rollouts,
 * delta zips), TomTom resolution and Legato pack checks over verified files.
 */
export {
  checkForUpdate,
  checkInSession,
  withSession,
  type CheckOptions,
  type CheckResult,
  type SiteOptions,
} from './check-update.js';
export { ClientError, FetchError, type ClientErrorCode } from './errors.js';
export { HttpFetcher, type HttpFetcherOptions } from './http-fetcher.js';
export { checkLegatoPack, type LegatoCheckResult } from './legato-check.js';
export {
  checkLegato,
  isLegatoTargetResult,
  signedPacksOf,
  type LegatoTargetResult,
} from './legato-target.js';
export { parseManifest } from './parse-manifest.js';
export { checkReleaseCustom, type ExpectedRelease } from './release-target.js';
export {
  checkTomTom,
  type TomTomCheckOptions,
  type TomTomCheckResult,
  type VerifiedList,
} from './tomtom-check.js';
export * from '../formats/tomtom-resolve.js';
export { TufSession, type TufSessionOptions } from './tuf-session.js';
export {
  checkManifestIdentity,
  chooseUpdate,
  refusalOf,
  type DecisionBuild,
  type DeviceState,
  type RolloutPlacement,
  type UpdateDecision,
} from './update-policy.js';
