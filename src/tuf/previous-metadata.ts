/**
 * What the site currently publishes, read back through `PreviousSite`: the root
 * versions, the timestamp, the snapshot it names, and every targets role the
 * snapshot names. Versions only grow from there.
 */
import type { PreviousSite } from '../site/previous-site.js';
import { TrustError } from './errors.js';
import {
  parseEnvelope,
  type RootSigned,
  type SnapshotSigned,
  type TargetsSigned,
  type TimestampSigned,
} from './metadata.js';
import { metadataPath, TIMESTAMP_PATH } from './layout.js';
import type { PublishedRole } from './role-versions.js';
import type { RootVersion } from './root-chain.js';

export interface PreviousMetadata {
  /** Root versions 1..N as published. */
  roots: RootVersion[];
  timestamp?: PublishedRole<TimestampSigned>;
  snapshot?: PublishedRole<SnapshotSigned>;
  /** `targets` and every delegated role the previous snapshot names. */
  roles: Map<string, PublishedRole<TargetsSigned>>;
}

export function readPreviousMetadata(previous: PreviousSite): PreviousMetadata {
  const roots: RootVersion[] = [];
  for (let version = 1; ; version++) {
    const bytes = previous.read(metadataPath('root', version));
    if (!bytes) break;
    roots.push({
      envelope: parseEnvelope<RootSigned>(bytes, 'root', metadataPath('root', version)),
      bytes,
    });
  }
  const roles = new Map<string, PublishedRole<TargetsSigned>>();
  const timestampBytes = previous.read(TIMESTAMP_PATH);
  if (!timestampBytes) return { roots, roles };
  const timestamp = {
    envelope: parseEnvelope<TimestampSigned>(timestampBytes, 'timestamp', TIMESTAMP_PATH),
    bytes: timestampBytes,
  };
  const snapshotVersion = timestamp.envelope.signed.meta['snapshot.json']?.version ?? 0;
  const snapshotPath = metadataPath('snapshot', snapshotVersion);
  const snapshotBytes = previous.read(snapshotPath);
  if (!snapshotBytes)
    throw new TrustError(
      'TRUST_BAD_METADATA',
      `the published timestamp names ${snapshotPath}, which is missing`,
    );
  const snapshot = {
    envelope: parseEnvelope<SnapshotSigned>(snapshotBytes, 'snapshot', snapshotPath),
    bytes: snapshotBytes,
  };
  for (const [name, meta] of Object.entries(snapshot.envelope.signed.meta)) {
    const role = name.replace(/\.json$/, '');
    const path = metadataPath(role, meta.version);
    const bytes = previous.read(path);
    // A role the snapshot still lists after its last target left may be gone: its entry is kept, its file is not needed.
    if (!bytes) continue;
    roles.set(role, { envelope: parseEnvelope<TargetsSigned>(bytes, 'targets', path), bytes });
  }
  return { roots, timestamp, snapshot, roles };
}
