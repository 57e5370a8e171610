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

function readStringPool(buf: Buffer, start: number, size: number): string[] {
  if (start + 28 > buf.length) fail('string pool header is truncated');
  const count = buf.readUInt32LE(start + 8);
  const flags = buf.readUInt32LE(start + 16);
  const stringsStart = buf.readUInt32LE(start + 20);
  const headerSize = buf.readUInt16LE(start + 2);
  if (count > size / 4 || start + headerSize + count * 4 > start + size) fail('string pool offsets are out of range');
  const utf8 = (flags & UTF8_FLAG) !== 0;
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    let at = start + stringsStart + buf.readUInt32LE(start + headerSize + i * 4);
    if (at >= start + size) fail(`string ${i} lies outside the pool`);
    if (utf8) {
      // UTF-16 length (skipped), then UTF-8 byte length, each 1 or 2 bytes.
      at += (buf[at]! & 0x80) !== 0 ? 2 : 1;
      let length = buf[at]!;
      if ((length & 0x80) !== 0) {
        length = ((length & 0x7f) << 8) | buf[at + 1]!;
        at += 2;
      } else at += 1;
      if (at + length > start + size) fail(`string ${i} runs past the pool`);
      strings.push(buf.toString('utf8', at, at + length));
    } else {
      let length = buf.readUInt16LE(at);
      if ((length & 0x8000) !== 0) {
        length = ((length & 0x7fff) << 16) | buf.readUInt16LE(at + 2);
        at += 4;
      } else at += 2;
      if (at + length * 2 > start + size) fail(`string ${i} runs past the pool`);
      strings.push(buf.toString('utf16le', at, at + length * 2));
    }
  }
  return strings;
}

/** Parses a binary AndroidManifest.xml into its element tree (the root element). */
export function parseAxml(bytes: Uint8Array): AxmlElement {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.readUInt16LE(0) !== RES_XML_TYPE) fail('not Android binary XML');
  const end = Math.min(buf.length, buf.readUInt32LE(4));
  let strings: string[] = [];
  let resourceIds: number[] = [];
  const root: AxmlElement = { name: '', attributes: [], children: [] };
  const stack: AxmlElement[] = [root];
  const str = (index: number): string => (index === NO_INDEX ? '' : (strings[index] ?? fail(`string index ${index} out of range`)));

  let at = buf.readUInt16LE(2);
  while (at + 8 <= end) {
    const type = buf.readUInt16LE(at);
    const headerSize = buf.readUInt16LE(at + 2);
    const size = buf.readUInt32LE(at + 4);
    if (size < 8 || at + size > end) fail(`chunk at ${at} has a bad size`);
    if (type === RES_STRING_POOL_TYPE) strings = readStringPool(buf, at, size);
    else if (type === RES_XML_RESOURCE_MAP_TYPE) {
      resourceIds = [];
      for (let p = at + headerSize; p + 4 <= at + size; p += 4) resourceIds.push(buf.readUInt32LE(p));
    } else if (type === RES_XML_START_ELEMENT_TYPE) {
      const ext = at + headerSize;
      if (ext + 20 > at + size) fail('element chunk is truncated');
      const name = str(buf.readUInt32LE(ext + 4));
      const attrStart = buf.readUInt16LE(ext + 8);
      const attrSize = buf.readUInt16LE(ext + 10);
      const attrCount = buf.readUInt16LE(ext + 12);
      if (attrSize < 20 || ext + attrStart + attrCount * attrSize > at + size) fail(`attributes of <${name}> run past their chunk`);
      const attributes: AxmlAttribute[] = [];
      for (let i = 0; i < attrCount; i++) {
        const a = ext + attrStart + i * attrSize;
        const nameIndex = buf.readUInt32LE(a + 4);
        const rawValue = buf.readUInt32LE(a + 8);
        const dataType = buf[a + 15]!;
        const data = buf.readUInt32LE(a + 16);
        let value: AxmlAttribute['value'];
        if (dataType === TYPE_STRING) value = str(data);
        else if (dataType === TYPE_INT_DEC || dataType === TYPE_INT_HEX) value = data | 0;
        else if (dataType === TYPE_INT_BOOLEAN) value = data !== 0;
        else if (rawValue !== NO_INDEX) value = str(rawValue);
        const attribute: AxmlAttribute = { namespace: str(buf.readUInt32LE(a)), name: str(nameIndex), value };
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
