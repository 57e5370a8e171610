import type { Format } from './format.js';
import { legatoPacks } from './legato-packs.js';
import { fdroidFormat } from './fdroid.js';
import { gitotaManifest } from './gitota-manifest.js';
import { lineageRoutes } from './lineage-routes.js';
import { lineageV1 } from './lineage-v1.js';
import { lineageV2 } from './lineage-v2.js';
import { tomtomFormat } from './tomtom.js';
import { htmlFormat } from './html/html-format.js';

/** Every output format, one line each. A new format is one file, one line here, one golden fixture. */
export const FORMATS: readonly Format[] = [
  legatoPacks,
  fdroidFormat,
  lineageV1,
  lineageV2,
  lineageRoutes,
  gitotaManifest,
  tomtomFormat,
  htmlFormat,
];
