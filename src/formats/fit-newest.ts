const encoder = new TextEncoder();

/**
 * Compact JSON for a list kept newest first under a byte budget: the longest
 * prefix of `entries` whose document fits in `maxBytes` (trailing newline
 * included). Older entries are dropped whole; an entry is never cut.
 *
 * `wrap` turns the array's JSON text into the document text (e.g. `{"response":…}`).
 */
export function encodeNewestWithin<T>(
  entries: readonly T[],
  maxBytes: number,
  wrap: (arrayJson: string) => string,
): Uint8Array {
  const overhead = encoder.encode(wrap('[]') + '\n').length;
  let used = overhead;
  let kept = 0;
  for (const entry of entries) {
    const cost = encoder.encode(JSON.stringify(entry)).length + (kept > 0 ? 1 : 0);
    if (used + cost > maxBytes) break;
    used += cost;
    kept++;
  }
  const bytes = encoder.encode(wrap(JSON.stringify(entries.slice(0, kept))) + '\n');
  // The sum above is exact for compact JSON; this guards against a `wrap` that is not.
  if (bytes.length > maxBytes && kept > 0)
    return encodeNewestWithin(entries.slice(0, kept - 1), maxBytes, wrap);
  return bytes;
}
