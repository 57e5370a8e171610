import { CheckedBytes } from './checked-bytes.js';
import { ApkError } from './zip-reader.js';

/**
 * Android's binary XML (AXML), as `AndroidManifest.xml` is stored in an APK:
 * a string pool, a resource-id map, and start/end element chunks whose
 * attributes carry typed values. Only what a manifest needs is read; every
 * offset is checked against the buffer (the bytes come from an upload).
 */
export interface AxmlAttribute {
  /** Namespace URI, '' when none. */
  namespace: string;
  name: string;
  /** Android framework resource id of the attribute (e.g. 0x0101021b versionCode), when mapped. */
  resourceId?: number;
  /** String for string values, number for integers/booleans; undefined for references and other types. */
  value: string | number | boolean | undefined;
}

export interface AxmlElement {
  name: string;
  attributes: AxmlAttribute[];
  children: AxmlElement[];
}

const RES_XML_TYPE = 0x0003;
const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_XML_END_ELEMENT_TYPE = 0x0103;
const UTF8_FLAG = 0x100;
const NO_INDEX = 0xffffffff;

const TYPE_STRING = 0x03;
const TYPE_INT_DEC = 0x10;
const TYPE_INT_HEX = 0x11;
const TYPE_INT_BOOLEAN = 0x12;

function fail(message: string): never {
  throw new ApkError('APK_MANIFEST', `AndroidManifest.xml: ${message}`);
}

/** Strings a pool may hold: far more than any manifest has, few enough to bound the work. */
const MAX_POOL_STRINGS = 1 << 16;
/** Elements nested deeper than this are not a manifest. */
const MAX_DEPTH = 256;

function readStringPool(buf: CheckedBytes, start: number, size: number): string[] {
  const end = start + size;
  const count = buf.u32(start + 8, 'the string count');
  const flags = buf.u32(start + 16, 'the string pool flags');
  const stringsStart = buf.u32(start + 20, 'the string data offset');
  const headerSize = buf.u16(start + 2, 'the string pool header size');
  if (count > MAX_POOL_STRINGS || count > size / 4 || start + headerSize + count * 4 > end)
    fail('string pool offsets are out of range');
  const utf8 = (flags & UTF8_FLAG) !== 0;
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    let at =
      start + stringsStart + buf.u32(start + headerSize + i * 4, `the offset of string ${i}`);
    if (at >= end) fail(`string ${i} lies outside the pool`);
    if (utf8) {
      // UTF-16 length (skipped), then UTF-8 byte length, each 1 or 2 bytes.
      at += (buf.u8(at, `the length of string ${i}`) & 0x80) !== 0 ? 2 : 1;
      let length = buf.u8(at, `the length of string ${i}`);
      if ((length & 0x80) !== 0) {
        length = ((length & 0x7f) << 8) | buf.u8(at + 1, `the length of string ${i}`);
        at += 2;
      } else at += 1;
      if (at + length > end) fail(`string ${i} runs past the pool`);
      strings.push(buf.text(at, at + length, 'utf8', `string ${i}`));
    } else {
      let length = buf.u16(at, `the length of string ${i}`);
      if ((length & 0x8000) !== 0) {
        length = ((length & 0x7fff) << 16) | buf.u16(at + 2, `the length of string ${i}`);
        at += 4;
      } else at += 2;
      if (at + length * 2 > end) fail(`string ${i} runs past the pool`);
      strings.push(buf.text(at, at + length * 2, 'utf16le', `string ${i}`));
    }
  }
  return strings;
}

/** Parses a binary AndroidManifest.xml into its element tree (the root element). */
export function parseAxml(bytes: Uint8Array): AxmlElement {
  const buf = new CheckedBytes(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), fail);
  if (buf.length < 8 || buf.u16(0) !== RES_XML_TYPE) fail('not Android binary XML');
  const end = Math.min(buf.length, buf.u32(4));
  let strings: string[] = [];
  let resourceIds: number[] = [];
  const root: AxmlElement = { name: '', attributes: [], children: [] };
  const stack: AxmlElement[] = [root];
  const str = (index: number): string =>
    index === NO_INDEX ? '' : (strings[index] ?? fail(`string index ${index} out of range`));

  let at = buf.u16(2, 'the header size');
  while (at + 8 <= end) {
    const type = buf.u16(at, 'a chunk type');
    const headerSize = buf.u16(at + 2, 'a chunk header size');
    const size = buf.u32(at + 4, 'a chunk size');
    if (size < 8 || at + size > end) fail(`chunk at ${at} has a bad size`);
    if (type === RES_STRING_POOL_TYPE) strings = readStringPool(buf, at, size);
    else if (type === RES_XML_RESOURCE_MAP_TYPE) {
      resourceIds = [];
      for (let p = at + headerSize; p + 4 <= at + size; p += 4)
        resourceIds.push(buf.u32(p, 'a resource id'));
    } else if (type === RES_XML_START_ELEMENT_TYPE) {
      const ext = at + headerSize;
      if (ext + 20 > at + size) fail('element chunk is truncated');
      const name = str(buf.u32(ext + 4, 'an element name'));
      const attrStart = buf.u16(ext + 8, 'an attribute offset');
      const attrSize = buf.u16(ext + 10, 'an attribute size');
      const attrCount = buf.u16(ext + 12, 'an attribute count');
      if (attrSize < 20 || ext + attrStart + attrCount * attrSize > at + size)
        fail(`attributes of <${name}> run past their chunk`);
      if (stack.length > MAX_DEPTH) fail(`elements nest deeper than ${MAX_DEPTH}`);
      const attributes: AxmlAttribute[] = [];
      for (let i = 0; i < attrCount; i++) {
        const a = ext + attrStart + i * attrSize;
        const nameIndex = buf.u32(a + 4, 'an attribute name');
        const rawValue = buf.u32(a + 8, 'an attribute value');
        const dataType = buf.u8(a + 15, 'an attribute type');
        const data = buf.u32(a + 16, 'an attribute value');
        let value: AxmlAttribute['value'];
        if (dataType === TYPE_STRING) value = str(data);
        else if (dataType === TYPE_INT_DEC || dataType === TYPE_INT_HEX) value = data | 0;
        else if (dataType === TYPE_INT_BOOLEAN) value = data !== 0;
        else if (rawValue !== NO_INDEX) value = str(rawValue);
        const attribute: AxmlAttribute = {
          namespace: str(buf.u32(a, 'an attribute namespace')),
          name: str(nameIndex),
          value,
        };
        const resourceId = resourceIds[nameIndex];
        if (resourceId !== undefined) attribute.resourceId = resourceId;
        attributes.push(attribute);
      }
      const element: AxmlElement = { name, attributes, children: [] };
      stack[stack.length - 1]!.children.push(element);
      stack.push(element);
    } else if (type === RES_XML_END_ELEMENT_TYPE) {
      if (stack.length <= 1) fail('end tag without a start tag');
      stack.pop();
    }
    at += size;
  }
  const top = root.children[0];
  if (!top) fail('no root element');
  return top;
}
