import type { FileKind } from '../load/source-file.js';
import { SCHEMAS } from '../validate/schema-set.js';
import { SCHEMA_FILES } from './schema-comment.js';

/**
 * The JSON Schemas a content repository keeps for its editors, in `schemas/`
 * beside the content (what every `# yaml-language-server: $schema=../schemas/…`
 * line points at, relative, so completion and checks work offline, on any
 * branch, before anything is published). They are copies of the running
 * gitota's schemas whose `$id` names the schema of that gitota release in its
 * repository (`https://raw.githubusercontent.com/OWNER/gitota/vX.Y.Z/schemas/…`,
 * immutable once tagged). gitota never validates with these copies: a pull
 * request could loosen them; validation always uses the schemas gitota carries.
 */

export const EDITOR_SCHEMA_DIR = 'schemas';

export interface EditorSchemaSource {
  /** OWNER/NAME of the gitota repository the running gitota is released from. */
  repository: string;
  /** The running gitota's version (`dev` when run from unbuilt sources). */
  version: string;
}

/** Where gitota's schema `file` of `source.version` is served: the release tag, or `main` for a development build. */
export function editorSchemaId(file: string, source: EditorSchemaSource): string {
  const ref = parseVersion(source.version) === undefined ? 'main' : `v${source.version}`;
  return `https://raw.githubusercontent.com/${source.repository}/${ref}/${EDITOR_SCHEMA_DIR}/${file}`;
}

/** The bytes of `schemas/<file>` for `kind` as this gitota writes them. */
export function editorSchemaText(kind: FileKind, source: EditorSchemaSource): string {
  const schema = { ...SCHEMAS[kind], $id: editorSchemaId(SCHEMA_FILES[kind], source) };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every editor schema path (repository-relative) with its kind. */
export function editorSchemaPaths(): Array<{ path: string; kind: FileKind }> {
  return (Object.entries(SCHEMA_FILES) as Array<[FileKind, string]>).map(([kind, file]) => ({
    path: `${EDITOR_SCHEMA_DIR}/${file}`,
    kind,
  }));
}

export type EditorSchemaDecision =
  | { action: 'write'; reason: 'missing' | 'differs' }
  | { action: 'keep'; reason: 'same' }
  | { action: 'keep'; reason: 'newer'; version: string };

/**
 * What `fmt` does with a repository's copy of one schema (`existing`, undefined
 * when absent): the same schema (whatever its `$id`) is left alone, so two
 * contributors with the same schemas never rewrite each other's files; a copy
 * from a newer gitota is kept (a contributor with an older gitota must not take
 * the repository back); anything else — older, edited, not JSON — is replaced.
 */
export function decideEditorSchema(
  kind: FileKind,
  existing: string | undefined,
  source: EditorSchemaSource,
): EditorSchemaDecision {
  if (existing === undefined) return { action: 'write', reason: 'missing' };
  const parsed = parseJsonObject(existing);
  if (parsed === undefined) return { action: 'write', reason: 'differs' };
  const { $id, ...rest } = parsed;
  const { $id: _ours, ...ours } = SCHEMAS[kind];
  if (JSON.stringify(rest) === JSON.stringify(ours)) return { action: 'keep', reason: 'same' };
  const theirs =
    typeof $id === 'string' ? /\/v(\d+\.\d+\.\d+[^/]*)\/schemas\//.exec($id)?.[1] : undefined;
  if (theirs !== undefined && compareVersions(theirs, source.version) > 0)
    return { action: 'keep', reason: 'newer', version: theirs };
  return { action: 'write', reason: 'differs' };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // Not JSON: the copy is broken, and fmt writes a good one.
    return undefined;
  }
}

function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Major, minor, patch; a version that is not X.Y.Z (a development build) is older than any release. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
