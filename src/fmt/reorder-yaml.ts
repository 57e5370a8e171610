import {
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { PathStep } from './schema-guide.js';

/** What the reorderer asks about a file: one implementation per kind of file (schema-driven, F-Droid). */
export interface FormatGuide {
  /** Canonical key order of the block mapping at `path`; keys it does not name go last, in their order. */
  keyOrder(path: readonly PathStep[]): readonly string[] | undefined;
  /** How to quote the plain scalar at `path` so it keeps its written text as a string; undefined to leave it. */
  quote(path: readonly PathStep[], value: unknown, source: string): 'single' | 'double' | undefined;
  /**
   * Blank lines wanted before the item at position `index` (after reordering) of the collection at
   * `path`; `keys` are the mapping's keys in their new order (undefined for a list). Undefined keeps what was written.
   */
  blankLinesBefore(
    path: readonly PathStep[],
    index: number,
    keys: readonly string[] | undefined,
  ): number | undefined;
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites YAML text into canonical order by moving whole lines of the source:
 * each item of a block mapping or list owns the comment and blank lines before
 * it and the deeper-indented comment lines after it, and moves with them. What
 * is not moved stays byte for byte (scalar styles, folded lines, comments), so
 * text already in order comes out unchanged. Flow collections (`[a, b]`) and
 * collections whose layout this does not understand are left as written.
 */
export function reorderYaml(text: string, doc: Document.Parsed, guide: FormatGuide): string {
  const writer = new Reorderer(text, guide);
  const contents = doc.contents;
  if (!contents) return text;
  const rep = writer.render(contents, [], 0, true);
  return rep ? text.slice(0, rep.start) + rep.text + text.slice(rep.end) : text;
}

type LineKind = 'blank' | 'comment' | 'content';

class Reorderer {
  constructor(
    private readonly text: string,
    private readonly guide: FormatGuide,
  ) {}

  render(node: Node, path: PathStep[], floor: number, top = false): Replacement | undefined {
    if (isScalar(node)) return this.renderScalar(node, path);
    if (isMap(node) || isSeq(node)) return this.renderCollection(node, path, floor, top);
    return undefined;
  }

  private renderScalar(
    node: Node & { value?: unknown; type?: string | undefined },
    path: PathStep[],
  ): Replacement | undefined {
    if (!isScalar(node) || node.type !== 'PLAIN' || !node.range) return undefined;
    const [start, end] = node.range;
    const source = this.text.slice(start, end);
    const style = this.guide.quote(path, node.value, source);
    if (style === undefined || source.includes('\n')) return undefined;
    const text = style === 'single' ? `'${source.replace(/'/g, "''")}'` : JSON.stringify(source);
    return { start, end, text };
  }

  private renderCollection(
    node: YAMLMap | YAMLSeq,
    path: PathStep[],
    floor: number,
    top: boolean,
  ): Replacement | undefined {
    if (node.flow || node.items.length === 0) return undefined;
    const items = isMap(node) ? this.mapItems(node) : this.seqItems(node);
    if (!items) return undefined;
    const text = this.text;
    const first = items[0]!;
    const lineOfFirst = lineStart(text, first.anchor);
    const column = first.anchor - lineOfFirst;
    const inline = text.slice(lineOfFirst, first.anchor).trim() !== '';
    // Every item after the first starts its own line at the collection's column.
    for (const item of items.slice(1)) {
      const start = lineStart(text, item.anchor);
      if (item.anchor - start !== column || text.slice(start, item.anchor).trim() !== '')
        return undefined;
    }

    const ends: number[] = [];
    items.forEach((item, i) => {
      let end = lineEnd(text, Math.max(item.contentEnd - 1, item.anchor));
      const next = items[i + 1];
      const limit = next ? lineStart(text, next.anchor) : text.length;
      while (end < limit) {
        const info = lineInfo(text, end);
        if (info.kind !== 'comment' || info.indent <= column) break;
        end = lineEnd(text, end);
      }
      ends.push(end);
    });
    const starts = items.map((item, i) =>
      i === 0 ? (inline ? item.anchor : this.leadingStart(lineOfFirst, floor, top)) : ends[i - 1]!,
    );

    const segments = items.map((item, i) => {
      const start = starts[i]!;
      const end = ends[i]!;
      let body = text.slice(start, end);
      if (item.value) {
        const childPath = [...path, item.step];
        const rep = this.render(item.value, childPath, lineEnd(text, item.anchor));
        if (rep && rep.start >= start && rep.end <= end) {
          body = text.slice(start, rep.start) + rep.text + text.slice(rep.end, end);
        }
      }
      return body;
    });

    const order = this.order(items, path);
    const keys = isMap(node) ? order.map((i) => String(items[i]!.step)) : undefined;
    const parts = order.map((i, j) => {
      let body = segments[i]!;
      // The first item of `- key: value` starts mid-line: it takes its column when it moves down, and the
      // item that moves up gives its indentation back.
      if (inline && i === 0 && j !== 0) body = ' '.repeat(column) + body;
      const blank = this.guide.blankLinesBefore(path, j, keys);
      if (inline && j === 0) {
        if (i !== 0)
          body = stripLeadingBlankLines(body).slice(
            Math.min(column, leadingSpaces(stripLeadingBlankLines(body))),
          );
      } else if (blank !== undefined) {
        body = '\n'.repeat(blank) + stripLeadingBlankLines(body);
      } else if (j === 0 && i !== 0) {
        body = stripLeadingBlankLines(body);
      }
      if (j < order.length - 1 && !body.endsWith('\n')) body += '\n';
      return body;
    });
    return { start: starts[0]!, end: ends[ends.length - 1]!, text: parts.join('') };
  }

  /** The first item's leading comment lines (and, below the top level, blank lines) move with it. */
  private leadingStart(lineOfFirst: number, floor: number, top: boolean): number {
    let start = lineOfFirst;
    while (start > floor) {
      const previous = lineStart(this.text, start - 1);
      const info = lineInfo(this.text, previous);
      // At the top, a blank line ends the file's header; the schema line always stays first.
      if (info.kind === 'content' || (top && info.kind === 'blank')) break;
      if (top && /^#\s*yaml-language-server:/.test(this.text.slice(previous, start))) break;
      start = previous;
    }
    return start;
  }

  private order(items: readonly Item[], path: PathStep[]): number[] {
    const indexes = items.map((_, i) => i);
    if (!items.every((item) => typeof item.step === 'string')) return indexes;
    const canonical = this.guide.keyOrder(path);
    if (!canonical) return indexes;
    const rank = (i: number): number => {
      const at = canonical.indexOf(items[i]!.step as string);
      return at < 0 ? canonical.length : at;
    };
    return indexes.sort((a, b) => rank(a) - rank(b) || a - b);
  }

  private mapItems(node: YAMLMap): Item[] | undefined {
    const items: Item[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      if (
        !isScalar(key) ||
        !key.range ||
        (typeof key.value !== 'string' && typeof key.value !== 'number')
      )
        return undefined;
      const value = pair.value as Node | null;
      const valueEnd = value?.range ? value.range[1] : 0;
      items.push({
        anchor: key.range[0],
        contentEnd: Math.max(key.range[1], valueEnd),
        value: value ?? undefined,
        step: typeof key.value === 'string' ? key.value : String(key.value),
      });
    }
    return items;
  }

  private seqItems(node: YAMLSeq): Item[] | undefined {
    const token = node.srcToken;
    if (!token || token.type !== 'block-seq') return undefined;
    const dashes = token.items.flatMap((item) =>
      item.start.filter((t) => t.type === 'seq-item-ind').map((t) => t.offset),
    );
    if (dashes.length !== node.items.length) return undefined;
    const items: Item[] = [];
    node.items.forEach((value, i) => {
      const anchor = dashes[i]!;
      const range = isScalar(value) || isMap(value) || isSeq(value) ? value.range : undefined;
      items.push({
        anchor,
        contentEnd: Math.max(anchor + 1, range ? range[1] : 0),
        value: (value as Node | null) ?? undefined,
        step: i,
      });
    });
    return items;
  }
}

interface Item {
  /** Offset of the key, or of the `-` of a list item. */
  anchor: number;
  /** Offset just after the item's value (before any trailing comment). */
  contentEnd: number;
  value: Node | undefined;
  step: PathStep;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

function lineInfo(text: string, start: number): { kind: LineKind; indent: number } {
  const line = text.slice(start, lineEnd(text, start)).replace(/\r?\n$/, '');
  const indent = line.length - line.trimStart().length;
  const rest = line.trimStart();
  return { kind: rest === '' ? 'blank' : rest.startsWith('#') ? 'comment' : 'content', indent };
}

function stripLeadingBlankLines(body: string): string {
  return body.replace(/^(?:[ \t]*\r?\n)+/, '');
}

function leadingSpaces(body: string): number {
  return body.length - body.replace(/^ +/, '').length;
}
