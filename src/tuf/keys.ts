import { generateKeyPairSync } from 'node:crypto';
import type { KeyRing, SigningKey } from '../model/keys.js';

/**
 * PLACEHOLDER until the trust work lands: always returns fresh ephemeral
 * development keys. The real implementation reads keys from the environment
 * and keeps a development key in `<repo>/.gitota/`.
 */
export async function loadKeyRing(_options: { repoDir: string; env: Readonly<Record<string, string | undefined>> }): Promise<KeyRing> {
  const ed = (): SigningKey => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { keyType: 'ed25519', scheme: 'ed25519', privateKey, publicKey };
  };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    dev: true,
    tuf: { root: [ed()], targets: ed(), snapshot: ed(), timestamp: ed(), delegations: ed() },
    manifest: ed(),
    fdroid: { key: { keyType: 'rsa', scheme: 'rsa-pkcs1v15-sha256', ...rsa }, certificate: new Uint8Array(0) },
  };
}
