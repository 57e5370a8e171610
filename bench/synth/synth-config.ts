import { schemaComment, type SynthFile } from './synth-file.js';

/**
 * gitota.yaml of a synthetic repository. Both channels need no approval, so
 * the bench can publish without GitHub; everything else is the default.
 */
export function renderSynthConfig(seed: string): SynthFile {
  const path = 'gitota.yaml';
  const text = `${schemaComment(path, 'gitota')}# Made by \`gitota synth --seed ${seed.replace(/[\r\n]/g, ' ')}\`: synthetic content for benchmarks.
site:
  base_url: https://ota.example.org/
  title: gitota synthetic fleet
channels:
  nightly:
    approvals: 0
  stable:
    approvals: 0
limits:
  max_file_bytes: 4194304
  external_artifact_bytes: 50000000
  future_skew_seconds: 86400
tuf:
  expires:
    root: 31536000
    targets: 7776000
    snapshot: 1209600
    timestamp: 172800
  delegation: per-device
  bins: 16
retention:
  metadata_versions: 10
  fdroid_diffs: 5
fdroid:
  name: gitota synthetic F-Droid repository
  description: Apps copied from fdroiddata metadata for benchmarks.
  archive_policy: 3
manifest:
  expires: 604800
`;
  return { path, content: text };
}
