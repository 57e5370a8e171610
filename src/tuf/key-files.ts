/**
 * Key files named on the command line (`root propose --root-key`, `--role-key`,
 * `root sign --key`): an I/O edge. A file that is missing, not a regular file, or
 * too large to be a key is a KeyError (KEY_FILE), as is every way its bytes fail
 * to be a key; nothing of its content reaches a message.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { KeyError } from './errors.js';
import { decodeKeyFile, MAX_KEY_TEXT } from './key-encoding.js';

/** Reads a public or private key (PEM, base64 of DER or PEM, or binary DER) from `file`; `name` is how messages call it. */
export async function readKeyFile(file: string, name: string): Promise<KeyObject> {
  const bytes = await readBounded(file, name);
  const text = bytes.toString('latin1');
  // Binary DER: PKCS#8 for a private key, SPKI for a public one.
  if (bytes[0] === 0x30) {
    try {
      return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
    } catch {
      try {
        return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
      } catch (error) {
        throw new KeyError(
          'KEY_UNREADABLE',
          `${name} is DER but neither a PKCS#8 private key nor an SPKI public key`,
          { cause: error },
        );
      }
    }
  }
  return decodeKeyFile(text, name);
}

async function readBounded(file: string, name: string): Promise<Buffer> {
  let handle;
  try {
    // Non-blocking, so a FIFO named as a key file is refused below instead of blocking open().
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyError('KEY_FILE', `${name}: cannot open the key file (${code ?? 'error'})`, {
      cause: error,
    });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new KeyError('KEY_FILE', `${name} is not a regular file`);
    if (info.size > MAX_KEY_TEXT)
      throw new KeyError(
        'KEY_FILE',
        `${name} is ${info.size} bytes, more than any key file (${MAX_KEY_TEXT})`,
      );
    if (info.size === 0) throw new KeyError('KEY_FILE', `${name} is empty`);
    const buffer = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buffer, 0, info.size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
