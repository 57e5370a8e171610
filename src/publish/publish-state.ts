import { compareStrings } from '../diagnostics/diagnostic.js';
import type { PublishedPack } from './pack-cache.js';
import { PublishError } from './publish-errors.js';

/** The file on the Pages branch that says what the site was published from. */
export const STATE_PATH = 'gitota-state.json';
/** The commit trailer that says the same, for `git log` readers. */
export const SOURCE_TRAILER = 'Gitota-Source';

/** A release that is not on the site although its file is in the source commit. */
export interface HeldRelease {
  /** The release file (`releases/<device>/<id>.yaml`). */
  file: string;
  id: string;
  /** Why, for the summary: "needs 2 approvals, has 1", "sha256 of the download differs". */
  reason: string;
  /**
   * A change to a release already on the site: the source commit whose version of
   * the file the site keeps until the change is approved. Absent: never published.
   */
  published_from?: string;
}

export interface PublishState {
  format: 1;
  /** The content commit the site was built from. */
  source: string;
  /** Unix seconds of the build (SOURCE_DATE_EPOCH or now). */
  published_at: number;
  /** Releases of `source` not published; looked at again by the next run. */
  held: HeldRelease[];
  /** sha256 → git blob of repository files the site copies, so the next run does not re-read them. */
  blobs: Record<string, string>;
  /** Pack input key → the published pack and its cache entry, so the next run rebuilds only changed packs. */
  packs: Record<string, PublishedPack>;
  /** sha256 → URL of repository files too large for the branch, already in the artifact store. */
  artifacts?: Record<string, string>;
}

const encoder = new TextEncoder();

export function renderPublishState(state: PublishState): Uint8Array {
  const sorted: PublishState = {
    ...state,
    held: [...state.held].sort((a, b) => compareStrings(a.file, b.file)),
    blobs: Object.fromEntries(Object.entries(state.blobs).sort(([a], [b]) => compareStrings(a, b))),
    packs: Object.fromEntries(Object.entries(state.packs).sort(([a], [b]) => compareStrings(a, b))),
    ...(state.artifacts !== undefined && Object.keys(state.artifacts).length > 0
      ? {
          artifacts: Object.fromEntries(
            Object.entries(state.artifacts).sort(([a], [b]) => compareStrings(a, b)),
          ),
        }
      : { artifacts: undefined }),
  };
  return encoder.encode(JSON.stringify(sorted, null, 2) + '\n');
}

/** Reads the branch's state file; throws PublishError when it is there but unreadable (never guess what was published). */
export function parsePublishState(bytes: Uint8Array): PublishState {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new PublishError('PUBLISH_BAD_STATE', `${STATE_PATH} on the Pages branch is not JSON`, {
      cause: error,
    });
  }
  const v = value as Partial<PublishState> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.format !== 1 ||
    typeof v.source !== 'string' ||
    !/^[0-9a-f]{40,64}$/.test(v.source)
  ) {
    throw new PublishError(
      'PUBLISH_BAD_STATE',
      `${STATE_PATH} on the Pages branch has no valid "format": 1 and "source" commit`,
    );
  }
  const held = Array.isArray(v.held)
    ? v.held
        .filter(
          (h): h is HeldRelease =>
            typeof h?.file === 'string' && typeof h.id === 'string' && typeof h.reason === 'string',
        )
        .map((h) => ({
          file: h.file,
          id: h.id,
          reason: h.reason,
          ...(typeof h.published_from === 'string' && /^[0-9a-f]{40,64}$/.test(h.published_from)
            ? { published_from: h.published_from }
            : {}),
        }))
    : [];
  const blobs: Record<string, string> = {};
  for (const [k, b] of Object.entries(
    typeof v.blobs === 'object' && v.blobs !== null ? v.blobs : {},
  ))
    if (typeof b === 'string' && /^[0-9a-f]{40,64}$/.test(b)) blobs[k] = b;
  const packs: Record<string, PublishedPack> = {};
  for (const [k, p] of Object.entries(
    typeof v.packs === 'object' && v.packs !== null ? v.packs : {},
  )) {
    const pack = p as Partial<PublishedPack> | null;
    if (
      typeof pack?.site === 'string' &&
      typeof pack.meta?.sha256 === 'string' &&
      Number.isSafeInteger(pack.meta.size)
    )
      packs[k] = pack as PublishedPack;
  }
  const artifacts: Record<string, string> = {};
  for (const [k, u] of Object.entries(
    typeof v.artifacts === 'object' && v.artifacts !== null ? v.artifacts : {},
  ))
    if (/^[0-9a-f]{64}$/.test(k) && typeof u === 'string' && URL.canParse(u)) artifacts[k] = u;
  return {
    format: 1,
    source: v.source,
    published_at: Number.isSafeInteger(v.published_at) ? v.published_at! : 0,
    held,
    blobs,
    packs,
    ...(Object.keys(artifacts).length > 0 ? { artifacts } : {}),
  };
}

/** The commit message of a publish: a summary line, the changes, and the source trailer last. */
export function publishMessage(source: string, lines: readonly string[]): string {
  return [
    `Publish ${source.slice(0, 12)} with gitota`,
    '',
    ...lines,
    ...(lines.length ? [''] : []),
    `${SOURCE_TRAILER}: ${source}`,
    '',
  ].join('\n');
}
