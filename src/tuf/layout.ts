/**
 * Where trust lives, on the site and in the content repository. The device
 * client and the publisher read these names; nothing else should spell them.
 */
import { join } from 'node:path';

/** Site folder of all TUF metadata (the client's metadata base URL is `<site>/metadata/`). */
export const METADATA_DIR = 'metadata';
/** The one unversioned metadata file: polled first, written last. */
/** The previous TUF metadata signing reads back (versions only grow, unchanged roles are kept). */
export function isMetadataPath(sitePath: string): boolean {
  return sitePath.startsWith(`${METADATA_DIR}/`);
}

export const TIMESTAMP_PATH = `${METADATA_DIR}/timestamp.json`;
/**
 * The root a device ships with. Any published root version works as a starting
 * point; version 1 is the one that never changes, and tuf-js walks forward
 * (`2.root.json`, `3.root.json`, ...) from whichever it has.
 */
export const TRUSTED_ROOT_SITE_PATH = `${METADATA_DIR}/1.root.json`;

/** `metadata/N.<role>.json` (consistent snapshots). */
export function metadataPath(role: string, version: number): string {
  return `${METADATA_DIR}/${version}.${encodeURIComponent(role)}.json`;
}

/** `<dir>/<sha256>.<name>`: where a target's bytes live for TUF clients (consistent snapshots). */
export function hashedTargetPath(targetPath: string, sha256: string): string {
  const slash = targetPath.lastIndexOf('/');
  return slash < 0
    ? `${sha256}.${targetPath}`
    : `${targetPath.slice(0, slash + 1)}${sha256}.${targetPath.slice(slash + 1)}`;
}

/** The initial trusted root inside a built site directory. */
export function trustedRootPath(siteDir: string): string {
  return join(siteDir, TRUSTED_ROOT_SITE_PATH);
}

/** Folder of the content repository that holds the public root of trust (reviewed by pull request). */
export const TRUST_DIR = 'trust';
/** Every root version, `trust/roots/N.root.json`, each signed by its own threshold and its predecessor's. */
export const TRUST_ROOTS_DIR = `${TRUST_DIR}/roots`;
/** A proposed next root, waiting for signatures. */
export const PENDING_ROOT_PATH = `${TRUST_DIR}/pending-root.json`;
/** Detached signatures of the pending root: `trust/signatures/<keyid>.sig` (hex). */
export const PENDING_SIGNATURES_DIR = `${TRUST_DIR}/signatures`;
/** Public key of the gitota manifest signatures, for simple clients to pin. */
export const MANIFEST_PUBLIC_KEY_PATH = `${TRUST_DIR}/manifest-key.pem`;
/** The development key store (ignored by git), made on first use. */
export const DEV_KEYS_PATH = '.gitota/dev-keys.json';
