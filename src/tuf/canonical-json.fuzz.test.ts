/**
 * The two byte forms of TUF metadata, over arbitrary JSON values: what gitota
 * publishes parses as standard JSON back to the same value, and the canonical
 * bytes gitota signs are exactly what tuf-js computes (`@tufjs/canonical-json`,
 * the function `Metadata.verifyDelegate` and `Key.verifySignature` sign over), so
 * a real tuf-js Key verifies a signature made over them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { canonicalize } from '@tufjs/canonical-json';
import { Key, Metadata, MetadataKind } from '@tufjs/models';
import { describe, expect, it } from 'vitest';
import { fc, fuzzSettings, fuzzTimeout, withinBudget } from '../../test/support/fuzz.js';
import { canonicalJson, publishedJson } from './canonical-json.js';
import { encodeEnvelope, type Envelope, type TargetsSigned } from './metadata.js';
import { createTufSigner, signSigned } from './signer.js';
import { keyIdOf, tufPublicKeyOf } from './tuf-key.js';

/** UTF-16 code units that break naive encoders: every C0 control, DEL, C1, quote, backslash, separators, BOM, both surrogate halves. */
const TRICKY_UNITS = [
  ...Array.from({ length: 0x20 }, (_, i) => i),
  0x22,
  0x5c,
  0x2f,
  0x7f,
  0x80,
  0x85,
  0x9f,
  0xa0,
  0xe9,
  0x2028,
  0x2029,
  0xfeff,
  0xfffd,
  0xffff,
  0xd800,
  0xdbff,
  0xdc00,
  0xdfff,
].map((u) => String.fromCharCode(u));

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_UNITS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  // Any code unit at all: lone surrogates, private use, astral halves in any order.
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
  // Whole astral characters (surrogate pairs) and other non-ASCII code points.
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const text = fc.array(unit, { maxLength: 12 }).map((units) => units.join(''));

/** JSON values canonical JSON can hold: no floats, integers within ±2^53. */
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 5 }),
  ),
}));

const decoder = new TextDecoder('utf-8', { fatal: true });
const parse = (bytes: Uint8Array): unknown => JSON.parse(decoder.decode(bytes));

describe('canonical and published JSON of arbitrary values', () => {
  it(
    'published bytes are standard JSON with no raw control character, and parse back to the same value',
    () => {
      fc.assert(
        fc.property(jsonValue, (value) => {
          const bytes = publishedJson(value);
          expect(bytes.some((b) => b < 0x20)).toBe(false);
          expect(parse(bytes)).toEqual(value);
          // The canonical form of what a client parses is the canonical form gitota signed.
          expect(
            Buffer.from(canonicalJson(parse(bytes))).equals(Buffer.from(canonicalJson(value))),
          ).toBe(true);
        }),
        fuzzSettings(500),
      );
    },
    fuzzTimeout(),
  );

  it(
    'canonical bytes are byte for byte what tuf-js canonicalises, from the value and from the published bytes',
    () => {
      fc.assert(
        fc.property(jsonValue, (value) => {
          const ours = Buffer.from(canonicalJson(value));
          expect(ours.equals(Buffer.from(canonicalize(value)))).toBe(true);
          expect(ours.equals(Buffer.from(canonicalize(parse(publishedJson(value)))))).toBe(true);
        }),
        fuzzSettings(500),
      );
    },
    fuzzTimeout(),
  );

  it(
    'a tuf-js Key verifies targets metadata whose paths and custom data are arbitrary, as published',
    async () => {
      const key = generateKeyPairSync('ed25519').privateKey;
      const publicKey = tufPublicKeyOf(key);
      const keyid = keyIdOf(publicKey);
      const tufjsKey = Key.fromJSON(keyid, { ...publicKey });
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(text, jsonValue, { maxKeys: 4 }),
          text,
          async (custom, path) => {
            await withinBudget(2000, () => {
              const signed: TargetsSigned = {
                _type: 'targets',
                spec_version: '1.0.31',
                version: 1,
                expires: '2099-01-01T00:00:00Z',
                targets: {
                  [`dir/${path}`]: { length: 1, hashes: { sha256: '00'.repeat(32) }, custom },
                },
              };
              const envelope: Envelope<TargetsSigned> = {
                signatures: signSigned(signed, [createTufSigner(key, 'targets')]),
                signed,
              };
              const metadata = Metadata.fromJSON(
                MetadataKind.Targets,
                parse(encodeEnvelope(envelope)) as never,
              );
              expect(() => tufjsKey.verifySignature(metadata)).not.toThrow();
              expect(metadata.signed.targets[`dir/${path}`]?.custom).toEqual(custom);
            });
          },
        ),
        fuzzSettings(200),
      );
    },
    fuzzTimeout(),
  );
});
