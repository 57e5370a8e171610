import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyError } from './errors.js';
import {
  decodeKeyFile,
  decodePrivateKey,
  encodePrivateKey,
  tufSigningKey,
} from './key-encoding.js';
import { keyIdOf, tufPublicKeyOf } from './tuf-key.js';

const KEYS: Array<[string, KeyObject, string]> = [
  ['ed25519', generateKeyPairSync('ed25519').privateKey, 'ed25519'],
  ['ecdsa', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ecdsa-sha2-nistp256'],
  ['rsa', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'rsassa-pss-sha256'],
];

/** Every way a key is handed to gitota: as a secret, a PEM file, base64 of a PEM file, and the older PEM forms. */
function formsOf(key: KeyObject): Array<[string, string]> {
  const pem = key.export({ type: 'pkcs8', format: 'pem' }) as string;
  const forms: Array<[string, string]> = [
    ['base64 PKCS#8 DER', encodePrivateKey(key)],
    ['PKCS#8 PEM', pem],
    ['base64 of a PEM file', Buffer.from(pem).toString('base64')],
    ['PEM with CRLF line ends and blank lines around it', `\r\n${pem.replace(/\n/g, '\r\n')}\r\n`],
  ];
  if (key.asymmetricKeyType === 'ec')
    forms.push([
      'SEC1 PEM (EC PRIVATE KEY)',
      key.export({ type: 'sec1', format: 'pem' }) as string,
    ]);
  if (key.asymmetricKeyType === 'rsa')
    forms.push([
      'PKCS#1 PEM (RSA PRIVATE KEY)',
      key.export({ type: 'pkcs1', format: 'pem' }) as string,
    ]);
  return forms;
}

describe('decodePrivateKey', () => {
  describe.each(KEYS)('%s', (_type, key, scheme) => {
    const id = keyIdOf(tufPublicKeyOf(key));
    it.each(formsOf(key))('reads %s', (_form, value) => {
      const signing = tufSigningKey(decodePrivateKey(value, 'GITOTA_TARGETS_KEY'));
      expect(signing.scheme).toBe(scheme);
      expect(keyIdOf(tufPublicKeyOf(signing))).toBe(id);
    });

    it('reads the public half from a key file, as PEM or base64 DER', () => {
      const publicKey = createPublicKey(key);
      for (const text of [
        publicKey.export({ type: 'spki', format: 'pem' }) as string,
        publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      ]) {
        const read = decodeKeyFile(text, 'new-root.pub');
        expect(read.type).toBe('public');
        expect(keyIdOf(tufPublicKeyOf(read))).toBe(id);
      }
    });

    it('refuses the public half where signing needs the private key, without echoing it', () => {
      const pem = createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
      const error = (() => {
        try {
          decodePrivateKey(pem, 'GITOTA_SNAPSHOT_KEY');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(KeyError);
      expect((error as KeyError).diagnostic).toBe('GITOTA454');
      expect((error as KeyError).message).not.toContain(pem.split('\n')[1]!);
    });
  });
});
