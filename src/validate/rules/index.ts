import type { Rule } from './rule.js';
import { deviceFileName } from './device-file-name.js';
import { releaseDevice } from './release-device.js';
import { releaseDuplicates } from './release-duplicates.js';
import { releaseOrder } from './release-order.js';
import { releaseFutureDate } from './release-future-date.js';
import { releaseIncremental } from './release-incremental.js';
import { releaseChannel } from './release-channel.js';
import { releasePayload } from './release-payload.js';
import { orphanAppVersions } from './orphan-app-versions.js';
import { appVersionPayload } from './app-version-payload.js';
import { packageListNames } from './package-list-names.js';
import { packageListPaths } from './package-list-paths.js';
import { updateLocationsLists } from './update-locations-lists.js';
import { updateScanInterval } from './update-scan-interval.js';
import { packPayload } from './pack-payload.js';
import { packTargets } from './pack-targets.js';
import { packAppNames } from './pack-app-names.js';
import { packLegatoLimits } from './pack-legato-limits.js';
import { appCurrentVersionCode } from './app-current-version-code.js';
import { appBuildVersionCodes } from './app-build-version-codes.js';
import { appLicense } from './app-license.js';
import { appDeprecatedFields } from './app-deprecated-fields.js';
import { appId } from './app-id.js';
import { appUpdateChecks } from './app-update-checks.js';
import { contentFileNames } from './content-file-names.js';
import { publishedNames } from './published-names.js';
import { appKnownNames } from './app-known-names.js';
import { appTextLimits } from './app-text-limits.js';
import { appLinks } from './app-links.js';
import { appValueForms } from './app-value-forms.js';

/** Every semantic rule, one line each. A new rule is one file in this folder and one line here. */
export const RULES: readonly Rule[] = [
  deviceFileName,
  releaseDevice,
  releaseDuplicates,
  releaseOrder,
  releaseFutureDate,
  releaseIncremental,
  releaseChannel,
  releasePayload,
  orphanAppVersions,
  appVersionPayload,
  packageListNames,
  packageListPaths,
  updateLocationsLists,
  updateScanInterval,
  packPayload,
  packTargets,
  packAppNames,
  packLegatoLimits,
  appCurrentVersionCode,
  appBuildVersionCodes,
  appLicense,
  appDeprecatedFields,
  appId,
  appUpdateChecks,
  contentFileNames,
  publishedNames,
  appKnownNames,
  appTextLimits,
  appLinks,
  appValueForms,
];
