import { readTrackedSync } from '../git/read-tracked.js';
import type { TrackedTree } from '../git/tracked-tree.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentEntry } from './walk-repository.js';
import { wholeFileDiagnostic } from './whole-file-diagnostic.js';

export type ReadResult = { text: string } | { diagnostic: Diagnostic };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads one content file through the tracked tree (src/git/read-tracked.ts):
 * size checked on the open descriptor before reading (so a huge file is never
 * loaded), the bytes checked against the tracked blob where the tree has one,
 * strict UTF-8, no BOM kept. Diagnostics are reported on `entry.path` (the
 * content file, even when it is a link to its `target`).
 *
 * Synchronous on purpose: content files are small, and measured on 36,000
 * release files the reads took 0.36 s synchronously against 2–3 s through the
 * libuv thread pool with 64 in flight (four round trips per file). The loader
 * yields to the event loop between batches instead.
 */
export function readContentFile(
  tree: TrackedTree,
  entry: Pick<ContentEntry, 'path' | 'target' | 'node'>,
  maxBytes: number,
): ReadResult {
  const { path } = entry;
  const read = readTrackedSync(tree, entry.target, entry.node, maxBytes);
  if ('refusal' in read)
    return {
      diagnostic: wholeFileDiagnostic(
        read.refusal.code,
        'error',
        path,
        read.refusal.message,
        read.refusal.hint,
      ),
    };
  if ('error' in read)
    return {
      diagnostic: wholeFileDiagnostic(
        'GITOTA001',
        'error',
        path,
        `cannot read ${path}: ${read.error.code ?? 'unknown error'}`,
      ),
    };
  if ('tooLarge' in read) {
    return {
      diagnostic: wholeFileDiagnostic(
        'GITOTA002',
        'error',
        path,
        `${path} is ${read.tooLarge} bytes, over the limit of ${maxBytes} bytes; it is not read`,
        'split the file, or raise `limits.max_file_bytes` in gitota.yaml',
      ),
    };
  }
  const content = read.bytes;
  if (content.length === 0)
    return { diagnostic: wholeFileDiagnostic('GITOTA009', 'error', path, `${path} is empty`) };
  try {
    return { text: decoder.decode(content) };
  } catch {
    // the offset below says more than the decoder's message
    return {
      diagnostic: wholeFileDiagnostic(
        'GITOTA003',
        'error',
        path,
        `${path} is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(content)})`,
        'save the file as UTF-8',
      ),
    };
  }
}

/** Byte offset of the first invalid UTF-8 sequence, so the message points somewhere useful. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
