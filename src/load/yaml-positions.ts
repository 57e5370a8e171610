import {
  LineCounter,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Alias,
  type Document,
  type DocumentOptions,
  type Node,
  type Pair,
  type ParseOptions,
  type SchemaOptions,
  type YAMLMap,
} from 'yaml';
import type { Position } from './source-file.js';

/**
 * Options shared by every positional parse: YAML 1.2 core, no merge keys, no
 * custom tags. Duplicate keys are found by checkYamlDocument, in linear time
 * and by the string a key becomes (the yaml package's own check compares each
 * key with every earlier one, and tells `1` from `"1"`).
 */
export const PRECISE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  version: '1.2',
  merge: false,
  uniqueKeys: false,
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
  /** Each mapping's pairs by key, made on the first look into it: a lookup is then O(1), not a search. */
  private readonly pairsByKey = new WeakMap<YAMLMap, Map<string, Pair>>();
  private aliasTargets: Map<Alias, Node> | undefined;

  constructor(private readonly parsed: PreciseDocument) {}

  offsetPosition(offset: number): Position {
    const { line, col } = this.parsed.lineCounter.linePos(offset);
    return { line, column: col };
  }

  locate(pointer: string, at: 'key' | 'value' = 'value'): Position {
    const found = this.find(pointer);
    const target = found.missing
      ? (found.key ?? found.node)
      : at === 'key'
        ? (found.key ?? found.node)
        : (found.node ?? found.key);
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
      if (isAlias(node)) node = this.resolve(node);
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(segment);
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

  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.pairsByKey.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        // The first of duplicate keys: where the problem is reported from.
        if (text !== undefined && !pairs.has(text)) pairs.set(text, pair);
      }
      this.pairsByKey.set(map, pairs);
    }
    return pairs;
  }

  /** The node an alias stands for: the last node before it with that anchor (one walk for all aliases). */
  private resolve(alias: Alias): Node | null {
    if (this.aliasTargets === undefined) {
      this.aliasTargets = new Map();
      const anchored = new Map<string, Node>();
      const stack: unknown[] = [this.parsed.doc.contents];
      while (stack.length > 0) {
        const item = stack.pop();
        if (isPair(item)) {
          stack.push(item.value, item.key);
        } else if (isAlias(item)) {
          const target = anchored.get(item.source);
          if (target !== undefined) this.aliasTargets.set(item, target);
        } else if (isNode(item)) {
          if (item.anchor !== undefined) anchored.set(item.anchor, item);
          if (isMap(item) || isSeq(item))
            for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
        }
      }
    }
    return this.aliasTargets.get(alias) ?? null;
  }
}

/** A key as the data has it: the string the yaml package makes of it (a null key is ""). */
function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
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
