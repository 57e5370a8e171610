import type { OutputFile } from '../site/output-file.js';
import { hashedTargetPath, METADATA_DIR } from '../tuf/layout.js';
import { parseEnvelope, type TargetsSigned } from '../tuf/metadata.js';

/**
 * What of the previously published site stays although the new build does
 * not write it: the content-addressed files that a TUF client holding one of
 * the kept metadata versions may still ask for. Everything else the new build
 * does not write is removed: older metadata versions beyond
 * `retention.metadata_versions` (the signer keeps those within), content-addressed
 * copies and packs no kept targets metadata names, and fixed-name files of
 * content that is gone. Pure.
 */

const CONTENT_ADDRESSED = /(^|\/)[0-9a-f]{64}\.[^/]+$/;
const TARGETS_METADATA = new RegExp(
  `^${METADATA_DIR}/\\d+\\.(?!root\\.json$|snapshot\\.json$)[^/]+\\.json$`,
);

export function isContentAddressed(path: string): boolean {
  return CONTENT_ADDRESSED.test(path);
}

/** Versioned metadata and content-addressed files: published once, never rewritten. */
export function isImmutable(path: string): boolean {
  return isContentAddressed(path) || /^metadata\/\d+\.[^/]+\.json$/.test(path);
}

/** Every path the targets metadata in `site` names, as fixed and as content-addressed names. */
export function referencedPaths(site: readonly OutputFile[]): Set<string> {
  const referenced = new Set<string>();
  for (const file of site) {
    if (file.bytes === undefined || !TARGETS_METADATA.test(file.path)) continue;
    const envelope = parseEnvelope<TargetsSigned>(file.bytes, 'targets', file.path);
    for (const [path, info] of Object.entries(envelope.signed.targets)) {
      referenced.add(path);
      const sha256 = info.hashes.sha256;
      if (sha256 !== undefined) referenced.add(hashedTargetPath(path, sha256));
    }
  }
  return referenced;
}

/** Paths of the previous tree to carry into the new one. */
export function retainedPaths(previous: Iterable<string>, site: readonly OutputFile[]): string[] {
  const written = new Set(site.map((f) => f.path));
  const referenced = referencedPaths(site);
  const kept: string[] = [];
  for (const path of previous) {
    if (written.has(path) || !isContentAddressed(path)) continue;
    if (referenced.has(path)) kept.push(path);
  }
  return kept;
}
