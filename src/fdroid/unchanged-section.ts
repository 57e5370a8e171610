import { createHash } from 'node:crypto';
import type { OutputFile } from '../site/output-file.js';
import type { PreviousSite } from '../site/previous-site.js';
import { jarCarriesCertificate } from './jar-certificate.js';
import { historyPath, readPreviousEntry, type Section } from './index-history.js';
import type { Json, JsonObject } from './index-v2.js';

/**
 * A section whose content did not change since the previous publish keeps the
 * previous publish's bytes: its index, entry, jars, diffs and history copies.
 *
 * F-Droid clients compare timestamps, so re-dating an index nobody changed only
 * costs every client a full download and the Pages branch a new blob per file.
 * The rule that timestamps strictly increase holds between publishes that change
 * the repository: whenever any byte other than the timestamp differs, the caller
 * renders afresh with `nextTimestamp`.
 */
export interface UnchangedSectionInput {
  previous: PreviousSite;
  section: Section;
  /** index-v2.json as this build renders it, but dated with the previous timestamp. */
  indexBytes: Uint8Array;
  /** index-v1.json likewise. */
  indexV1Bytes: Uint8Array;
  /** DER certificate of the repository key: a jar signed by another key is not reused. */
  certificate: Uint8Array;
  /** retention.fdroid_diffs: more diffs than this are not carried over. */
  diffLimit: number;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function objectOf(value: Json | undefined): JsonObject | undefined {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
}

/** What the previous entry.json names: its index's sha256 and each diff's `{timestamp → sha256}`. */
function readEntry(
  entryBytes: Uint8Array,
): { indexSha256: string; diffs: Map<number, string> } | undefined {
  let entry: JsonObject | undefined;
  try {
    entry = objectOf(JSON.parse(decoder.decode(entryBytes)) as Json);
  } catch {
    // Unreadable: render afresh.
    return undefined;
  }
  const indexSha256 = objectOf(entry?.index)?.sha256;
  const listed = objectOf(entry?.diffs);
  if (typeof indexSha256 !== 'string' || !listed) return undefined;
  const diffs = new Map<number, string>();
  for (const [key, value] of Object.entries(listed)) {
    const hash = objectOf(value)?.sha256;
    if (typeof hash !== 'string') return undefined;
    diffs.set(Number(key), hash);
  }
  return { indexSha256, diffs };
}

/**
 * The previous publish's files of `section`, byte for byte, when this build's
 * content equals it; undefined when anything differs or cannot be read back
 * (the caller then renders a new, later-dated index).
 */
export function reuseUnchangedSection(input: UnchangedSectionInput): OutputFile[] | undefined {
  const { previous, section } = input;
  const dir = `fdroid/${section}`;
  const entry = readPreviousEntry(previous, section);
  if (!entry) return undefined;
  const read = (path: string): Uint8Array | undefined => previous.read(path);
  const index = read(`${dir}/index-v2.json`);
  const indexV1 = read(`${dir}/index-v1.json`);
  const entryBytes = read(`${dir}/entry.json`);
  const entryJar = read(`${dir}/entry.jar`);
  const indexV1Jar = read(`${dir}/index-v1.jar`);
  if (
    !sameBytes(index, input.indexBytes) ||
    !sameBytes(indexV1, input.indexV1Bytes) ||
    !entryBytes ||
    !entryJar ||
    !indexV1Jar
  )
    return undefined;
  // The entry must name this very index, and both jars must carry today's certificate (a new key re-signs).
  const listed = readEntry(entryBytes);
  if (
    !listed ||
    listed.indexSha256 !== sha256(input.indexBytes) ||
    listed.diffs.size > input.diffLimit
  )
    return undefined;
  if (
    !jarCarriesCertificate(entryJar, input.certificate) ||
    !jarCarriesCertificate(indexV1Jar, input.certificate)
  )
    return undefined;

  // Same order as a fresh render: index, diffs with their bases, entry, index-v1.
  const files: OutputFile[] = [{ path: `${dir}/index-v2.json`, bytes: input.indexBytes }];
  for (const [timestamp, hash] of [...listed.diffs].sort((a, b) => b[0] - a[0])) {
    const diff = read(`${dir}/diff/${timestamp}.json`);
    const history = read(historyPath(section, timestamp));
    if (!diff || !history || sha256(diff) !== hash) return undefined;
    files.push(
      { path: `${dir}/diff/${timestamp}.json`, bytes: diff },
      { path: historyPath(section, timestamp), bytes: history },
    );
  }
  files.push(
    { path: `${dir}/entry.json`, bytes: entryBytes },
    { path: `${dir}/entry.jar`, bytes: entryJar },
    { path: `${dir}/index-v1.json`, bytes: input.indexV1Bytes },
    { path: `${dir}/index-v1.jar`, bytes: indexV1Jar },
  );
  return files;
}
