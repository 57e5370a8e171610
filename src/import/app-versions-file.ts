import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import { PRECISE_OPTIONS } from '../load/yaml-positions.js';

/** A versions.yaml entry as written (the schema's field names; `url` or `path` names the APK). */
export type VersionEntry = Record<string, unknown> & { versionCode: number };

export type VersionsEdit =
  | { ok: true; text: string; added: number[]; present: number[] }
  | { ok: false; reason: string; versionCode?: number };

/**
 * `apps/<id>/versions.yaml` with `entries` added, in versionCode order, the
 * existing text (comments too) kept and the whole file in `gitota fmt`'s form.
 * An entry whose versionCode is already listed with exactly the same fields is
 * left out (running an import twice changes nothing); with other fields it is
 * refused: a published version never changes under its users.
 */
export function addVersions(
  path: string,
  existing: string | undefined,
  entries: readonly VersionEntry[],
): VersionsEdit {
  const doc = parseDocument(
    existing === undefined || existing.trim() === '' ? 'versions: []\n' : existing,
    { ...PRECISE_OPTIONS, keepSourceTokens: true },
  );
  const versions = isMap(doc.contents) ? doc.contents.get('versions', true) : undefined;
  if (doc.errors.length > 0 || !isSeq(versions))
    return { ok: false, reason: `${path} has no versions list to add to` };
  const known = new Map<number, unknown>();
  for (const item of versions.items) {
    const json = (item as { toJSON?: () => unknown }).toJSON?.() as
      Record<string, unknown> | undefined;
    if (json && typeof json.versionCode === 'number') known.set(json.versionCode, json);
  }
  const added: number[] = [];
  const present: number[] = [];
  for (const entry of [...entries].sort((a, b) => a.versionCode - b.versionCode)) {
    const listed = known.get(entry.versionCode);
    if (listed !== undefined) {
      if (!sameEntry(listed, entry))
        return {
          ok: false,
          reason: `versionCode ${entry.versionCode} is already in ${path} with other facts`,
          versionCode: entry.versionCode,
        };
      present.push(entry.versionCode);
      continue;
    }
    const node = doc.createNode(entry);
    const at = versions.items.findIndex(
      (item) =>
        Number((item as { toJSON?: () => { versionCode?: unknown } }).toJSON?.().versionCode) >
        entry.versionCode,
    );
    if (at < 0) versions.items.push(node);
    else versions.items.splice(at, 0, node);
    known.set(entry.versionCode, entry);
    added.push(entry.versionCode);
  }
  if (added.length === 0 && existing !== undefined)
    return { ok: true, text: existing, added, present };
  if (versions.flow) (versions as YAMLSeq).flow = false;
  const formatted = formatContentFile(
    path,
    'app-versions',
    doc.toString({ ...CANONICAL_LAYOUT, singleQuote: true }),
  );
  if (formatted.diagnostics.length > 0)
    return {
      ok: false,
      reason: `the edited ${path} does not parse: ${formatted.diagnostics[0]?.message ?? ''}`,
    };
  return { ok: true, text: formatted.text, added, present };
}

function sameEntry(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}
