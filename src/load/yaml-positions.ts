import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type DocumentOptions, type Node, type Pair, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Position } from './source-file.js';

/** Options shared by every positional parse: YAML 1.2 core, no merge keys, no custom tags. */
export const PRECISE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  version: '1.2',
  merge: false,
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  customTags: [],
};

export interface PreciseDocument {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  text: string;
}

export function parsePrecise(text: string): PreciseDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PRECISE_OPTIONS, lineCounter });
  return { doc, lineCounter, text };
}

const START: Position = { line: 1, column: 1 };

/** The node a JSON pointer names, and the key it sits under. */
interface Found {
  node: Node | null;
  key: Node | null;
  /** True when the pointer named a member that does not exist: `node` is then its parent. */
  missing: boolean;
}

/**
 * Source positions of a parsed document, addressed by JSON pointer (the form
 * ajv reports instance paths in).
 */
export class YamlPositions {
  constructor(private readonly parsed: PreciseDocument) {}

  offsetPosition(offset: number): Position {
    const { line, col } = this.parsed.lineCounter.linePos(offset);
    return { line, column: col };
  }

  locate(pointer: string, at: 'key' | 'value' = 'value'): Position {
    const found = this.find(pointer);
    const target = found.missing ? found.key ?? found.node : at === 'key' ? found.key ?? found.node : found.node ?? found.key;
    const offset = target?.range?.[0];
    return offset === undefined ? START : this.offsetPosition(offset);
  }

  /** What was written for a scalar (`1.10` for a value parsed as 1.1), or undefined. */
  sourceOf(pointer: string): string | undefined {
    const { node, missing } = this.find(pointer);
    if (missing || !isScalar(node) || !node.range) return undefined;
    return this.parsed.text.slice(node.range[0], node.range[1]);
  }

  private find(pointer: string): Found {
    const { doc } = this.parsed;
    let node = doc.contents as Node | null;
    let key: Node | null = null;
    for (const segment of splitPointer(pointer)) {
      if (isAlias(node)) node = (node.resolve(doc) as Node | undefined) ?? null;
      if (isMap(node)) {
        const pair = (node.items as Pair<unknown, unknown>[]).find((p) => keyText(p.key) === segment);
        if (!pair) return { node, key, missing: true };
        key = (pair.key as Node | null) ?? null;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node)) {
        const item = /^(0|[1-9][0-9]*)$/.test(segment) ? node.items[Number(segment)] : undefined;
        if (item === undefined) return { node, key, missing: true };
        key = null;
        node = isPair(item) ? ((item.key as Node | null) ?? null) : ((item as Node | null) ?? null);
      } else {
        return { node, key, missing: true };
      }
    }
    return { node, key, missing: false };
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** RFC 6901 pointer → segments (`~1` is `/`, `~0` is `~`). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
