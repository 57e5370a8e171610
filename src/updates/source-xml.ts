/**
 * The little of XML an update check reads from an upstream's source tree:
 * the root element's attributes (AndroidManifest.xml), one element's
 * attributes by name (`<application android:label>`), and `<string name>`
 * texts of res/values/*.xml. Upstream files are untrusted: no entity
 * expansion, no DTD, bounded input; what does not parse yields nothing.
 */

export interface XmlElement {
  name: string;
  /** Attribute name as written (`android:label`) → value with the five predefined entities decoded. */
  attributes: Map<string, string>;
  /** Offset just after the start tag, and whether it closed itself. */
  end: number;
  selfClosing: boolean;
}

const MAX_XML = 1 << 20;
const START_TAG = /<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Comments, CDATA and processing instructions blanked out (same length), so offsets stay. */
function blankMarkup(text: string): string {
  return text.replace(
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>]*>/g,
    (m) => ' '.repeat(m.length),
  );
}

/** Every start tag, in document order. */
export function startTags(text: string): XmlElement[] {
  if (text.length > MAX_XML) return [];
  const clean = blankMarkup(text);
  const found: XmlElement[] = [];
  for (const m of clean.matchAll(START_TAG)) {
    const attributes = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(ATTRIBUTE))
      attributes.set(a[1]!, decodeEntities(a[2] ?? a[3] ?? ''));
    found.push({
      name: m[1]!,
      attributes,
      end: (m.index ?? 0) + m[0].length,
      selfClosing: m[3] === '/',
    });
  }
  return found;
}

/** The prefix a document binds to the Android namespace (usually `android`). */
export function androidPrefix(root: XmlElement | undefined): string {
  for (const [name, value] of root?.attributes ?? []) {
    if (name.startsWith('xmlns:') && value === 'http://schemas.android.com/apk/res/android')
      return name.slice(6);
  }
  return 'android';
}

/** `<string name="NAME">` text of a values file (all text inside, tags dropped, trimmed), or undefined. */
export function stringResource(text: string, name: string): string | undefined {
  if (text.length > MAX_XML) return undefined;
  const clean = blankMarkup(text);
  for (const tag of startTags(text)) {
    if (tag.name !== 'string' || tag.attributes.get('name') !== name) continue;
    if (tag.selfClosing) return '';
    const close = clean.indexOf('</string>', tag.end);
    if (close < 0) return undefined;
    const inner = text
      .slice(tag.end, close)
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<[^>]*>/g, '');
    return decodeEntities(inner).trim();
  }
  return undefined;
}
