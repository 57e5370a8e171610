/**
 * What a Legato device accepts in a pack section header: the limits the pack
 * builder, the pack reader and validation all check against.
 */

/** The device copies names into 48-byte buffers (LIMIT_MAX_APP_NAME_BYTES, NUL included). */
export const MAX_APP_NAME_BYTES = 47;
/** The device reads the version into a 256-byte buffer and silently truncates past it. */
export const MAX_VERSION_BYTES = 255;
/** `size` is a size_t on the target; Legato modules are 32-bit. */
export const MAX_PAYLOAD_BYTES = 2 ** 32 - 1;

/**
 * Why a name or version cannot go into a header as is, or undefined when it can.
 * Legato's printf writes the text raw, so a quote, backslash or control character
 * would change the JSON; the device also refuses `/` and over-long names.
 */
export function checkHeaderText(kind: 'name' | 'version', text: string): string | undefined {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (kind === 'name') {
    if (bytes === 0) return 'is empty';
    if (bytes > MAX_APP_NAME_BYTES)
      return `is ${bytes} bytes long; the device takes at most ${MAX_APP_NAME_BYTES}`;
    if (text.includes('/')) return "contains '/', which the device refuses in an app name";
  } else if (bytes > MAX_VERSION_BYTES) {
    // (An empty version is fine: it is what Legato writes for an app whose .adef has none.)
    return `is ${bytes} bytes long; the device keeps only the first ${MAX_VERSION_BYTES}`;
  }
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f\u007f]/.test(text))
    return 'contains a quote, backslash or control character, which Legato writes unescaped';
  return undefined;
}
