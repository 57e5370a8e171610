import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { formatContentFile } from '../fmt/format-content-file.js';
import { PRECISE_OPTIONS } from '../load/yaml-positions.js';
import type { AppEdit } from './derive-app-update.js';

/**
 * Applies an AppEdit to the text of `apps/<id>.yml` the way a person would:
 * only the values that change are rewritten, a new build is the text of the
 * build it copies with its versionName, versionCode and commit replaced (so
 * its scripts keep their layout), and the result goes through `gitota fmt`'s
 * formatter, which is F-Droid's rewritemeta layout. Everything else stays
 * byte for byte.
 */

export class MetadataEditError extends Error {
  override name = 'MetadataEditError';
  readonly code = 'METADATA_EDIT';
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** A scalar as F-Droid writes it: plain when YAML reads it back as the same string, else single-quoted. */
export function renderScalar(value: string | number): string {
  return new Document(value, { version: '1.2' })
    .toString({ singleQuote: true, lineWidth: 0 })
    .trimEnd();
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as
    Pair<Node, Node> | undefined;
}

function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.start - a.start))
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** The text of one build item (`- versionName: …` through its last line), with its values replaced. */
function copiedBuild(text: string, item: YAMLMap, build: AppEdit['newBuilds'][number]): string {
  const start = lineStart(text, (item.range as [number, number, number])[0]);
  const end = lineEndAfter(text, (item.range as [number, number, number])[1] - 1);
  const splices: Splice[] = [];
  const replace = (key: string, value: string | number) => {
    const pair = pairOf(item, key);
    const range = pair?.value?.range;
    if (pair === undefined || range === undefined || range === null) return false;
    splices.push({ start: range[0] - start, end: range[1] - start, text: renderScalar(value) });
    return true;
  };
  if (build.versionName !== undefined && !replace('versionName', build.versionName))
    throw new MetadataEditError('the copied build has no versionName value to replace');
  if (!replace('versionCode', build.versionCode))
    throw new MetadataEditError('the copied build has no versionCode');
  if (!replace('commit', build.commit))
    throw new MetadataEditError('the copied build has no commit');
  const disable = pairOf(item, 'disable');
  if (disable !== undefined) {
    const keyStart = lineStart(text, (disable.key.range as [number, number, number])[0]);
    const valueEnd = lineEndAfter(
      text,
      ((disable.value?.range ?? disable.key.range) as [number, number, number])[1] - 1,
    );
    // The first key of an item sits after its `- `: keep the dash, move the next key up.
    if (keyStart === start) throw new MetadataEditError('the copied build starts with disable');
    splices.push({ start: keyStart - start, end: valueEnd - start, text: '' });
  }
  let copy = applySplices(text.slice(start, end), splices);
  if (!copy.endsWith('\n')) copy += '\n';
  return copy;
}

export function applyAppEdit(path: string, text: string, edit: AppEdit): string {
  const doc = parseDocument(text, { ...PRECISE_OPTIONS, keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.contents))
    throw new MetadataEditError(`${path} does not parse as a YAML mapping`);
  const root = doc.contents;
  const splices: Splice[] = [];
  const appended: string[] = [];
  const set = (key: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const pair = pairOf(root, key);
    const range = pair?.value?.range;
    if (pair !== undefined && range)
      splices.push({ start: range[0], end: range[1], text: renderScalar(value) });
    else if (pair !== undefined) {
      const keyEnd = (pair.key.range as [number, number, number])[1];
      splices.push({
        start: keyEnd,
        end: lineEndAfter(text, keyEnd) - 1,
        text: `: ${renderScalar(value)}`,
      });
    } else appended.push(`${key}: ${renderScalar(value)}\n`);
  };
  set('AutoName', edit.autoName);
  set('CurrentVersion', edit.currentVersion);
  set('CurrentVersionCode', edit.currentVersionCode);
  if (edit.newBuilds.length > 0) {
    const builds = pairOf(root, 'Builds')?.value;
    if (!isSeq(builds) || builds.flow || builds.items.length === 0)
      throw new MetadataEditError(`${path} has no block list of Builds to add to`);
    const items = builds.items as YAMLMap[];
    if (!items.every((i) => isMap(i) && i.range))
      throw new MetadataEditError(`${path} has a build that is not a mapping`);
    const last = items[items.length - 1]!;
    const at = lineEndAfter(text, (last.range as [number, number, number])[1] - 1);
    const copies = edit.newBuilds.map((b) => copiedBuild(text, items[b.copyOf]!, b));
    splices.push({ start: at, end: at, text: copies.map((c) => `\n${c}`).join('') });
  }
  let out = applySplices(text, splices);
  if (appended.length > 0) out = (out.endsWith('\n') ? out : `${out}\n`) + appended.join('');
  const formatted = formatContentFile(path, 'app', out);
  if (formatted.diagnostics.length > 0)
    throw new MetadataEditError(
      `the edited ${path} does not parse: ${formatted.diagnostics[0]?.message ?? ''}`,
    );
  return formatted.text;
}
