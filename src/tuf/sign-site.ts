/**
 * signSite: the `sign` stage of the pipeline. Takes the rendered (unsigned)
 * site and returns it with each format's own signatures, a content-addressed
 * copy of every target (`<dir>/<sha256>.<name>`, for consistent snapshots), and
 * the TUF metadata over all of it. Pure: keys, time and the previous site are
 * parameters (keys as one Signer per role); the repository's trust/ folder comes in already read (loadTrust).
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../diagnostics/diagnostic.js';
import type { OutputFile } from '../site/output-file.js';
import type { PreviousSite } from '../site/previous-site.js';
import type { Content } from '../model/types.js';
import { planDelegations, type DelegationPlan } from './delegation-plan.js';
import { signFormats } from './format-signatures.js';
import { hashedTargetPath, METADATA_DIR, metadataPath, TIMESTAMP_PATH } from './layout.js';
import {
  SPEC_VERSION,
  type DelegatedRoleInfo,
  type MetaInfo,
  type SnapshotSigned,
  type TargetInfo,
  type TargetsSigned,
  type TimestampSigned,
} from './metadata.js';
import { readPreviousMetadata, type PreviousMetadata } from './previous-metadata.js';
import { packCustoms } from './pack-custom.js';
import { releaseCustoms } from './release-custom.js';
import { signRole, type PublishedRole, type SignedRole } from './role-versions.js';
import { selectRoots, type RootSelection } from './root-selection.js';
import type { SiteSigners } from './site-signers.js';
import type { TufSigner } from './signer.js';
import { EMPTY_TRUST, type TrustState } from './trust-store.js';

export interface SignSiteInput {
  files: OutputFile[];
  content: Content;
  signers: SiteSigners;
  previous: PreviousSite;
  /** SOURCE_DATE_EPOCH or now: expiry counts from here. */
  now: number;
  /** The repository's trust/ folder (loadTrust); absent = none (development or root keys in this run). */
  trust?: TrustState;
  /** Targets whose bytes live elsewhere (external release zips, with `custom.url`): signed, never copied into the site. */
  external?: ReadonlyMap<string, TargetInfo>;
}

export interface SignSiteResult {
  files: OutputFile[];
  roots: RootSelection;
  /** Roles re-signed by this build (`root`, `targets`, `snapshot`, `timestamp`, delegated names). */
  changedRoles: string[];
}

/** The site plus signatures, content-addressed copies and TUF metadata, sorted by path. */
export function signSite(input: SignSiteInput): OutputFile[] {
  return signSiteDetailed(input).files;
}

export function signSiteDetailed(input: SignSiteInput): SignSiteResult {
  const { content, signers, now } = input;
  const expires = content.config.tuf.expires;
  const site = [...input.files, ...signFormats(input.files, signers)].filter(
    (f) => !f.path.startsWith(`${METADATA_DIR}/`),
  );
  const infos = targetInfos(site, new Map([...releaseCustoms(content), ...packCustoms(content)]));
  // A file the site carries wins over an external entry for the same path.
  for (const [path, info] of input.external ?? []) if (!infos.has(path)) infos.set(path, info);
  const previous = readPreviousMetadata(input.previous);
  const roots = selectRoots({
    trust: input.trust ?? EMPTY_TRUST,
    signers,
    previousRoots: previous.roots,
    now,
    lifetime: expires.root,
  });
  const plan = planDelegations([...infos.keys()], content);

  const changed: string[] = [];
  const rootLatest = roots.roots[roots.roots.length - 1];
  if (rootLatest && previous.roots.length < roots.roots.length) changed.push('root');
  const targetsSigning = { now, lifetime: expires.targets };
  const delegated = plan.roles.map((role) => {
    const body: Omit<TargetsSigned, 'version' | 'expires'> = {
      _type: 'targets',
      spec_version: SPEC_VERSION,
      targets: Object.fromEntries(role.targets.map((path) => [path, infos.get(path)!])),
    };
    const signed = signRole<TargetsSigned>(body, previous.roles.get(role.name), {
      ...targetsSigning,
      signers: [signers.tuf.delegations],
    });
    if (signed.changed) changed.push(role.name);
    return { name: role.name, signed };
  });
  const top = signRole<TargetsSigned>(
    topTargetsBody(plan, signers.tuf.delegations),
    previous.roles.get('targets'),
    {
      ...targetsSigning,
      signers: [signers.tuf.targets],
    },
  );
  if (top.changed) changed.push('targets');

  const roles = new Map<string, PublishedRole<TargetsSigned>>([
    ['targets', top],
    ...delegated.map((d) => [d.name, d.signed] as const),
  ]);
  const snapshot = signRole<SnapshotSigned>(snapshotBody(roles, previous), previous.snapshot, {
    now,
    lifetime: expires.snapshot,
    signers: [signers.tuf.snapshot],
  });
  if (snapshot.changed) changed.push('snapshot');
  const timestampBody: Omit<TimestampSigned, 'version' | 'expires'> = {
    _type: 'timestamp',
    spec_version: SPEC_VERSION,
    meta: {
      'snapshot.json': {
        version: snapshot.envelope.signed.version,
        length: snapshot.bytes.length,
        hashes: { sha256: sha256Hex(snapshot.bytes) },
      },
    },
  };
  const timestamp = signRole<TimestampSigned>(timestampBody, previous.timestamp, {
    now,
    lifetime: expires.timestamp,
    signers: [signers.tuf.timestamp],
  });
  if (timestamp.changed) changed.push('timestamp');

  const metadata = metadataFiles({
    roots,
    roles,
    snapshot,
    timestamp,
    previous,
    site: input.previous,
    keep: content.config.retention.metadata_versions,
  });
  const files = [...site, ...hashedCopies(site, infos), ...metadata];
  return { files: dedupeSorted(files), roots, changedRoles: changed.sort(compareStrings) };
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function targetInfos(
  site: readonly OutputFile[],
  customs: ReadonlyMap<string, Record<string, unknown>>,
): Map<string, TargetInfo> {
  const infos = new Map<string, TargetInfo>();
  for (const file of site) {
    const info: TargetInfo =
      file.bytes !== undefined
        ? { length: file.bytes.length, hashes: { sha256: sha256Hex(file.bytes) } }
        : { length: file.size, hashes: { sha256: file.sha256.toLowerCase() } };
    const custom = customs.get(file.path);
    if (custom) info.custom = custom;
    infos.set(file.path, info);
  }
  return infos;
}

function topTargetsBody(
  plan: DelegationPlan,
  delegationSigner: TufSigner,
): Omit<TargetsSigned, 'version' | 'expires'> {
  const { keyid, tufKey } = delegationSigner;
  const delegations: NonNullable<TargetsSigned['delegations']> = { keys: { [keyid]: tufKey } };
  if (plan.kind === 'bins') {
    delegations.succinct_roles = {
      keyids: [keyid],
      threshold: 1,
      bit_length: plan.bitLength,
      name_prefix: 'bins',
    };
  } else {
    delegations.roles = plan.roles.map((role): DelegatedRoleInfo => ({
      name: role.name,
      keyids: [keyid],
      threshold: 1,
      terminating: true,
      paths: role.paths ?? [],
    }));
  }
  return { _type: 'targets', spec_version: SPEC_VERSION, targets: {}, delegations };
}

function snapshotBody(
  roles: ReadonlyMap<string, PublishedRole<TargetsSigned>>,
  previous: PreviousMetadata,
): Omit<SnapshotSigned, 'version' | 'expires'> {
  const meta: Record<string, MetaInfo> = {};
  // A snapshot may never drop a role an earlier one listed (clients refuse it): roles that
  // lost their last target keep their last entry.
  for (const [name, info] of Object.entries(previous.snapshot?.envelope.signed.meta ?? {}))
    meta[name] = info;
  for (const [name, role] of roles)
    meta[`${name}.json`] = { version: role.envelope.signed.version, length: role.bytes.length };
  return { _type: 'snapshot', spec_version: SPEC_VERSION, meta };
}

function metadataFiles(input: {
  roots: RootSelection;
  roles: ReadonlyMap<string, PublishedRole<TargetsSigned>>;
  snapshot: SignedRole<SnapshotSigned>;
  timestamp: SignedRole<TimestampSigned>;
  previous: PreviousMetadata;
  site: PreviousSite;
  keep: number;
}): OutputFile[] {
  const out: OutputFile[] = input.roots.roots.map((r) => ({
    path: metadataPath('root', r.envelope.signed.version),
    bytes: r.bytes,
  }));
  const versioned = (name: string, role: PublishedRole) => {
    const version = role.envelope.signed.version;
    out.push({ path: metadataPath(name, version), bytes: role.bytes });
    // Earlier versions stay a while, for clients that read the previous timestamp mid-publish.
    for (let v = version - 1; v >= 1 && v >= version - input.keep; v--) {
      const bytes = input.site.read(metadataPath(name, v));
      if (bytes) out.push({ path: metadataPath(name, v), bytes });
    }
  };
  for (const [name, role] of input.roles) versioned(name, role);
  for (const [name, role] of input.previous.roles)
    if (!input.roles.has(name)) versioned(name, role);
  versioned('snapshot', input.snapshot);
  out.push({ path: TIMESTAMP_PATH, bytes: input.timestamp.bytes });
  return out;
}

function hashedCopies(
  site: readonly OutputFile[],
  infos: ReadonlyMap<string, TargetInfo>,
): OutputFile[] {
  return site.map((file): OutputFile => {
    const sha256 = infos.get(file.path)?.hashes.sha256 ?? '';
    const path = hashedTargetPath(file.path, sha256);
    return file.bytes !== undefined
      ? { path, bytes: file.bytes }
      : { path, source: file.source, size: file.size, sha256: file.sha256 };
  });
}

/** Sorted by path; a path given twice keeps its first file (a content-addressed copy that already exists). */
function dedupeSorted(files: readonly OutputFile[]): OutputFile[] {
  const byPath = new Map<string, OutputFile>();
  for (const file of files) if (!byPath.has(file.path)) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => compareStrings(a.path, b.path));
}
