import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputFile } from '../site/output-file.js';
import type { KeyRing } from '../model/keys.js';
import { findTool, skipWithout } from '../../test/support/tools.js';
import { tempDir } from '../../test/tuf/support.js';
import { formatSigningKey, publicKeyPem, tufSigningKey } from './key-encoding.js';
import { signFormats } from './format-signatures.js';
import { signersOf } from './site-signers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function ring(tomtom?: 'rsa' | 'ec'): KeyRing {
  const ed = () => tufSigningKey(generateKeyPairSync('ed25519').privateKey);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ring: KeyRing = {
    dev: true,
    tuf: { root: [ed()], targets: ed(), snapshot: ed(), timestamp: ed(), delegations: ed() },
    manifest: ed(),
    fdroid: { key: formatSigningKey(rsa, 'fdroid'), certificate: new Uint8Array() },
  };
  if (tomtom === 'rsa') ring.tomtom = formatSigningKey(rsa, 'tomtom');
  if (tomtom === 'ec')
    ring.tomtom = formatSigningKey(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      'tomtom',
    );
  return ring;
}

const file = (path: string, text: string): OutputFile => ({
  path,
  bytes: new TextEncoder().encode(text),
});
const site = [
  file('v1/alpha/nightly.json', '{"version":1}\n'),
  file('api/v1/alpha/nightly.json', '{"response":[]}\n'),
  file('tomtom/main/update-locations', '{"schema":"2"}\n'),
  file('tomtom/main/package-list.base', '{"schema":"2","packages":[]}\n'),
];

async function opensslVerify(args: string[], dir: string): Promise<number | null> {
  return spawnSync('openssl', args, { cwd: dir, stdio: 'ignore' }).status;
}

describe('format signatures', () => {
  it('signs each gitota manifest with a raw 64-byte ed25519 signature that openssl verifies', async (ctx) => {
    skipWithout(ctx, findTool('openssl'), 'openssl');
    const keys = ring();
    const sigs = signFormats(site, signersOf(keys));
    expect(sigs.map((f) => f.path)).toEqual(['v1/alpha/nightly.json.sig']);
    expect(sigs[0]?.bytes?.length).toBe(64);
    const { dir, cleanup } = await tempDir('sig');
    cleanups.push(cleanup);
    await writeFile(join(dir, 'm.json'), site[0]!.bytes!);
    await writeFile(join(dir, 'm.json.sig'), sigs[0]!.bytes!);
    await writeFile(join(dir, 'pub.pem'), publicKeyPem(keys.manifest.publicKey));
    expect(
      await opensslVerify(
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'pub.pem',
          '-rawin',
          '-in',
          'm.json',
          '-sigfile',
          'm.json.sig',
        ],
        dir,
      ),
    ).toBe(0);
    await writeFile(join(dir, 'm.json'), '{"version":2}\n');
    expect(
      await opensslVerify(
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'pub.pem',
          '-rawin',
          '-in',
          'm.json',
          '-sigfile',
          'm.json.sig',
        ],
        dir,
      ),
    ).not.toBe(0);
  });

  it.for(['rsa', 'ec'] as const)(
    'signs TomTom files as `openssl dgst -sha256 -sign` does (%s key)',
    async (kind, ctx) => {
      skipWithout(ctx, findTool('openssl'), 'openssl');
      const keys = ring(kind);
      const sigs = signFormats(site, signersOf(keys));
      expect(sigs.map((f) => f.path)).toEqual([
        'tomtom/main/package-list.base.sig',
        'tomtom/main/update-locations.sig',
        'v1/alpha/nightly.json.sig',
      ]);
      const { dir, cleanup } = await tempDir('tomtom');
      cleanups.push(cleanup);
      await writeFile(join(dir, 'pub.pem'), publicKeyPem(keys.tomtom!.publicKey));
      await writeFile(join(dir, 'list'), site[3]!.bytes!);
      await writeFile(join(dir, 'list.sig'), sigs[0]!.bytes!);
      expect(
        await opensslVerify(
          ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'list.sig', 'list'],
          dir,
        ),
      ).toBe(0);
      await writeFile(join(dir, 'list'), '{"schema":"1"}\n');
      expect(
        await opensslVerify(
          ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'list.sig', 'list'],
          dir,
        ),
      ).not.toBe(0);
    },
  );
});
