import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { CANONICAL_LAYOUT } from '../fmt/canonical-indent.js';
import { formatContentFile } from '../fmt/format-content-file.js';
import { PRECISE_OPTIONS } from '../load/yaml-positions.js';
import type { AppVersion } from '../model/types.js';
import { MetadataEditError } from './metadata-text.js';

/**
 * `apps/<id>/versions.yaml` with new versions appended: the existing text is
 * kept as it is (comments too), the new entries are added at the end of the
 * `versions` list in canonical form, and the file goes through `gitota fmt`.
 * A missing file is created.
 */
export function appendAppVersions(
  path: string,
  text: string | undefined,
  added: readonly AppVersion[],
): string {
  const entries = added.map((v) => ({ ...v }));
  if (text === undefined || text.trim() === '') {
    return formatContentFile(
      path,
      'app-versions',
      new Document({ versions: entries }).toString({ ...CANONICAL_LAYOUT, singleQuote: true }),
    ).text;
  }
  const doc = parseDocument(text, { ...PRECISE_OPTIONS, keepSourceTokens: true });
  const versions = isMap(doc.contents) ? doc.contents.get('versions', true) : undefined;
  if (doc.errors.length > 0 || !isSeq(versions))
    throw new MetadataEditError(`${path} has no versions list to add to`);
  let out: string;
  if (versions.flow || versions.items.length === 0 || !versions.range) {
    (doc.contents as unknown as { set(k: string, v: unknown): void }).set('versions', [
      ...(versions.toJSON() as unknown[]),
      ...entries,
    ]);
    out = doc.toString({ ...CANONICAL_LAYOUT, singleQuote: true });
  } else {
    const end = versions.range[1];
    const nl = text.indexOf('\n', end - 1);
    const at = nl < 0 ? text.length : nl + 1;
    const item = new Document({ versions: entries })
      .toString({ ...CANONICAL_LAYOUT, singleQuote: true })
      .split('\n')
      .slice(1)
      .join('\n');
    out =
      text.slice(0, at) + (text.slice(0, at).endsWith('\n') ? '' : '\n') + item + text.slice(at);
  }
  const formatted = formatContentFile(path, 'app-versions', out);
  if (formatted.diagnostics.length > 0)
    throw new MetadataEditError(
      `the edited ${path} does not parse: ${formatted.diagnostics[0]?.message ?? ''}`,
    );
  return formatted.text;
}
