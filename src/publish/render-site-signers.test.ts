import { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { smallFdroidContent } from '../../test/fdroid/fdroid-content.js';
import { makeTestKeyRing } from '../../test/support/keys.js';
import { EMPTY_SITE, type Format, type RenderContext } from '../formats/format.js';
import { FORMATS } from '../formats/index.js';
import { htmlFormat } from '../formats/html/html-format.js';
import type { KeyRing } from '../model/keys.js';
import { signersOf } from '../tuf/site-signers.js';
import { renderSite } from './build-site.js';

/** Every private key of the ring, as the encodings a leak could take. */
function privateKeyTexts(ring: KeyRing): string[] {
  const keys = [
    ...ring.tuf.root,
    ring.tuf.targets,
    ring.tuf.snapshot,
    ring.tuf.timestamp,
    ring.tuf.delegations,
    ring.manifest,
    ring.fdroid.key,
  ].map((k) => k.privateKey);
  return keys.flatMap((key) => {
    const der = key.export({ type: 'pkcs8', format: 'der' });
    const jwk = key.export({ format: 'jwk' });
    // The secret part alone: `d` of a JWK (ed25519 seed, EC scalar, RSA private exponent).
    return [der.toString('hex'), der.toString('base64'), String(jwk.d)];
  });
}

/** Whether a private KeyObject is reachable from `value` through properties. */
function reachesPrivateKey(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (value instanceof KeyObject) return value.type === 'private';
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  return children.some((child) => reachesPrivateKey(child, seen));
}

describe('signers, not keys', () => {
  const ring = makeTestKeyRing();
  const signers = signersOf(ring);

  it('gives a format no key: the context has no key ring and no signer', () => {
    expectTypeOf<RenderContext>().not.toHaveProperty('keys');
    expectTypeOf<RenderContext>().not.toHaveProperty('signer');
    expect(htmlFormat.signer).toBeUndefined();
    // Only the F-Droid format signs while rendering; manifests, TomTom and TUF are signed afterwards.
    expect(FORMATS.filter((f) => f.signer !== undefined).map((f) => f.id)).toEqual(['fdroid']);
  });

  it('hands each format only the signer it names, and no private key through the context', () => {
    const calls: Array<{ id: string; ctx: RenderContext; rest: unknown[] }> = [];
    const recorded: Format[] = FORMATS.map((format) => ({
      ...format,
      render: (content, ctx, ...rest) => {
        calls.push({ id: format.id, ctx, rest });
        return format.render(content, ctx, ...rest);
      },
    }));
    const ctx: RenderContext = {
      baseUrl: 'https://ota.example.org/',
      now: 1767225600,
      published: new Map(),
      fdroidCertificate: signers.fdroid.certificate,
      previous: EMPTY_SITE,
    };
    const files = renderSite(smallFdroidContent(), ctx, recorded, signers);
    expect(files.map((f) => f.path)).toContain('fdroid/repo/entry.jar');
    expect(calls.map((c) => c.id)).toEqual(FORMATS.map((f) => f.id));
    for (const call of calls) {
      expect(reachesPrivateKey(call.ctx), call.id).toBe(false);
      expect(call.rest, call.id).toEqual(call.id === 'fdroid' ? [signers.fdroid] : []);
    }
  });

  it('never shows a private key: JSON.stringify and util.inspect of every signer hold no key bytes', () => {
    const all = [
      ...signers.tuf.root,
      signers.tuf.targets,
      signers.tuf.snapshot,
      signers.tuf.timestamp,
      signers.tuf.delegations,
      signers.manifest,
      signers.fdroid,
    ];
    const secrets = privateKeyTexts(ring);
    // The walk finds the keys a key ring holds: so it would find one a signer held.
    expect(reachesPrivateKey(ring)).toBe(true);
    for (const signer of all) {
      expect(reachesPrivateKey(signer)).toBe(false);
      const shown = [
        JSON.stringify(signer),
        inspect(signer, { depth: Infinity, showHidden: true, getters: true }),
      ];
      for (const text of shown) for (const secret of secrets) expect(text).not.toContain(secret);
    }
    // What a signer does tell: its public key, key id and scheme.
    expect(signers.tuf.targets).toMatchObject({ role: 'targets', scheme: 'ed25519' });
    expect(signers.tuf.targets.keyid).toMatch(/^[0-9a-f]{64}$/);
    expect(signers.tuf.targets.publicKey.type).toBe('public');
  });
});
