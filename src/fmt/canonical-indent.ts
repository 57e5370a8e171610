import { isMap, isPair, isSeq, type Document, type Node, type ToStringOptions } from 'yaml';

/** gitota's and F-Droid's layout: two spaces per level, list dashes indented under their key. */
export const CANONICAL_LAYOUT: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  // 0: never fold long lines (a fold would change nothing but bytes).
  lineWidth: 0,
  flowCollectionPadding: false,
};

/**
 * Whether every block collection sits where the canonical layout puts it:
 * a mapping's keys or a list's dashes two columns right of their parent's key,
 * and `- key: value` with one space after the dash.
 */
export function hasCanonicalIndentation(text: string, doc: Document.Parsed): boolean {
  const column = (offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const check = (node: unknown, expected: number): boolean => {
    if (!isMap(node) && !isSeq(node)) return true;
    if (node.flow) return true;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const at = key?.range?.[0];
        if (at === undefined) return false;
        if (column(at) !== expected) return false;
        if (!check(pair.value, expected + 2)) return false;
      }
      return true;
    }
    const token = node.srcToken;
    if (!token || token.type !== 'block-seq') return false;
    const dashes = token.items.flatMap((item) =>
      item.start.filter((t) => t.type === 'seq-item-ind').map((t) => t.offset),
    );
    if (dashes.length !== node.items.length) return false;
    return node.items.every((item, i) => {
      const dash = dashes[i]!;
      if (column(dash) !== expected) return false;
      return check(item, expected + 2);
    });
  };
  return check(doc.contents, 0);
}
