import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Parser,
  type Alias,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { PreciseDocument } from './yaml-positions.js';
import { numberProblem } from './yaml-numbers.js';

/**
 * What the YAML of a file may use. gitota's own kinds are read line by line
 * by reviewers, so no node stands for another (no anchors, no aliases).
 * F-Droid metadata is F-Droid's format, and real files may share a value with
 * an anchor and an alias; there an alias is only ever a value.
 */
export type YamlPolicy = 'gitota' | 'fdroid';

export interface DocumentFinding {
  code: DiagnosticCode;
  /** Offset into the text of what is wrong. */
  offset: number;
  message: string;
  hint?: string;
}

type Entry = { node: Node | Pair | null; exit?: false } | { node: Node; exit: true };

/**
 * Checks a composed document for everything that would let a file mean more
 * than one thing, in document order and without recursion: explicit tags,
 * anchors and aliases (by policy), aliases and collections as keys, null
 * keys, merge keys, two keys that read the same (by the string the key
 * becomes, so `1` and `"1"` collide), aliases that contain themselves, and
 * numbers that do not read exactly. A `-0` is set to 0 on the way (JSON and
 * the content index have no negative zero). Linear in the document's size.
 */
export function checkYamlDocument(
  precise: PreciseDocument,
  policy: YamlPolicy,
): { findings: DocumentFinding[]; firstAlias: number | undefined } {
  const { doc, text } = precise;
  const findings: DocumentFinding[] = [];
  const anchors = new Map<string, { node: Node; open: boolean }>();
  const aliasKeys = new Set<number>();
  let sawAnchorOrAlias = false;
  let firstAlias: number | undefined;
  const stack: Entry[] = [{ node: doc.contents as Node | null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.exit === true) {
      const anchored = anchors.get(entry.node.anchor!);
      if (anchored?.node === entry.node) anchored.open = false;
      continue;
    }
    const { node } = entry;
    if (node === null) continue;
    if (isPair(node)) {
      // A pair outside a mapping (inside a flow sequence) is a mapping of one.
      checkKey(node, new Set(), findings, aliasKeys);
      stack.push({ node: node.value as Node | null }, { node: node.key as Node | null });
      continue;
    }
    if (node.tag !== undefined && node.range) {
      const offset = tagOffset(text, node.range[0]);
      findings.push({
        code: 'GITOTA014',
        offset,
        message: `explicit YAML tag \`${text.slice(offset).split(/[\s]/, 1)[0]}\` is not allowed`,
        hint: 'remove the tag; write the value as plain YAML (quote it to make it a string)',
      });
    }
    if (isAlias(node)) {
      sawAnchorOrAlias = true;
      firstAlias = Math.min(firstAlias ?? Infinity, node.range?.[0] ?? 0);
      checkAlias(node, anchors, findings);
      continue;
    }
    if (node.anchor !== undefined) {
      sawAnchorOrAlias = true;
      anchors.set(node.anchor, { node, open: true });
      stack.push({ node, exit: true });
    }
    if (isScalar(node)) {
      checkNumber(node, text, findings);
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i] as Pair<Node | null, Node | null>;
        stack.push({ node: pair.value }, { node: pair.key });
      }
      for (const pair of node.items as Array<Pair<Node | null, Node | null>>)
        checkKey(pair, seen, findings, aliasKeys);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--)
        stack.push({ node: node.items[i] as Node | Pair | null });
    }
  }
  if (policy === 'gitota' && sawAnchorOrAlias) findings.push(...anchorsAndAliases(text, aliasKeys));
  return { findings: findings.sort((a, b) => a.offset - b.offset), firstAlias };
}

function checkKey(
  pair: Pair,
  seen: Set<string>,
  findings: DocumentFinding[],
  aliasKeys: Set<number>,
): void {
  const key = pair.key;
  const at = keyOffset(pair);
  if (isAlias(key)) {
    aliasKeys.add(at);
    findings.push({
      code: 'GITOTA031',
      offset: at,
      message: `the alias \`*${key.source}\` is used as a key: the key a reviewer reads is not the key that is read`,
      hint: 'write the key out',
    });
    return;
  }
  if (isMap(key) || isSeq(key)) {
    findings.push({
      code: 'GITOTA033',
      offset: at,
      message: 'a mapping or list is used as a key; keys are plain text',
      hint: 'write the key as plain text',
    });
    return;
  }
  if (!isScalar(key) || key.value === null) {
    findings.push({
      code: 'GITOTA033',
      offset: at,
      message: 'a key is empty or null (`~`, `null` or nothing before the colon)',
      hint: 'give the key a name, or quote it to mean the text',
    });
    return;
  }
  const name = String(key.value);
  if (name === '<<') {
    findings.push({
      code: 'GITOTA032',
      offset: at,
      message:
        "`<<` is a merge key to YAML 1.1 readers (such as F-Droid's): a key that would pull in keys not written here",
      hint: 'write the merged keys out',
    });
    return;
  }
  if (seen.has(name)) {
    findings.push({
      code: 'GITOTA005',
      offset: at,
      message: `duplicate key \`${name}\` in a mapping: a later value would silently replace an earlier one`,
      hint: 'remove or rename one of the keys',
    });
    return;
  }
  seen.add(name);
}

function checkAlias(
  alias: Alias,
  anchors: Map<string, { node: Node; open: boolean }>,
  findings: DocumentFinding[],
): void {
  const target = anchors.get(alias.source);
  const offset = alias.range?.[0] ?? 0;
  if (target === undefined) {
    findings.push({
      code: 'GITOTA004',
      offset,
      message: `the alias \`*${alias.source}\` names no anchor before it`,
    });
  } else if (target.open) {
    findings.push({
      code: 'GITOTA036',
      offset,
      message: `the alias \`*${alias.source}\` is inside the node it names: the data would contain itself`,
      hint: 'write the data out',
    });
  }
}

function checkNumber(scalar: Scalar, text: string, findings: DocumentFinding[]): void {
  if (typeof scalar.value !== 'number' || !scalar.range) return;
  const value = scalar.value === 0 ? 0 : scalar.value;
  scalar.value = value;
  const source = text.slice(scalar.range[0], scalar.range[1]);
  const problem = numberProblem(source, value);
  if (problem === 'unsafe-integer') {
    findings.push({
      code: 'GITOTA034',
      offset: scalar.range[0],
      message: `the integer ${shorten(source)} is beyond ±(2^53 − 1) and cannot be read exactly (it would become ${String(value)})`,
      hint: 'use a smaller number, or quote it if it is text',
    });
  } else if (problem === 'unsafe-float') {
    findings.push({
      code: 'GITOTA035',
      offset: scalar.range[0],
      message: `the number ${shorten(source)} ${Number.isFinite(value) ? 'is beyond ±(2^53 − 1)' : `reads as ${String(value)}`}: gitota reads only finite numbers that JSON carries exactly`,
      hint: 'use a number within ±9007199254740991, or quote it if it is text',
    });
  }
}

/** Where a key starts; an empty key is where its `:` is. */
function keyOffset(pair: Pair): number {
  const key = pair.key;
  if (isNode(key) && key.range) return key.range[0];
  const value = pair.value;
  return isNode(value) && value.range ? value.range[0] : 0;
}

/**
 * Every anchor and alias of the text, from the parser's tokens (a composed
 * node knows its anchor's name, not where `&name` was written). Aliases used
 * as keys have their own finding.
 */
function anchorsAndAliases(text: string, aliasKeys: ReadonlySet<number>): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  const pending: unknown[] = [...new Parser().parse(text)];
  while (pending.length > 0) {
    const token = pending.pop();
    if (Array.isArray(token)) {
      for (const item of token as unknown[]) pending.push(item);
      continue;
    }
    if (typeof token !== 'object' || token === null) continue;
    const { type, offset, source } = token as {
      type?: unknown;
      offset?: unknown;
      source?: unknown;
    };
    if (
      (type === 'anchor' || type === 'alias') &&
      typeof offset === 'number' &&
      typeof source === 'string'
    ) {
      if (type === 'alias' && aliasKeys.has(offset)) continue;
      findings.push({
        code: 'GITOTA030',
        offset,
        message: `YAML ${type} \`${shorten(source)}\` in a gitota file: ${type === 'anchor' ? 'a node named here can be repeated elsewhere' : 'this line stands for a value written elsewhere'}, so a line would not say what it means`,
        hint: 'write every value out where it is used',
      });
      continue;
    }
    for (const value of Object.values(token))
      if (typeof value === 'object' && value !== null) pending.push(value);
  }
  return findings;
}

/** Where the tag written before a node starts (the node's range starts at its value). */
function tagOffset(text: string, valueStart: number): number {
  const bang = text.lastIndexOf('!', valueStart);
  if (bang < 0) return valueStart;
  let start = bang;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return text[start] === '!' ? start : bang;
}

function shorten(source: string): string {
  return source.length > 40 ? `${source.slice(0, 37)}...` : source;
}
