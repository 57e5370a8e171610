import { describe, expect, it } from 'vitest';
import { canonicalJsonText, canonicalJson, CanonicalJsonError } from './canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, false, null], c: 'x' }, '{"a":[true,false,null],"b":1,"c":"x"}'],
    [{ é: 1, Z: 2, a: 3, _: 4 }, '{"Z":2,"_":4,"a":3,"é":1}'],
    ['quote " and backslash \\', '"quote \\" and backslash \\\\"'],
    ['tab\tnewline\n', '"tab\tnewline\n"'],
    [{ nested: { z: { y: 1 }, a: [] } }, '{"nested":{"a":[],"z":{"y":1}}}'],
    [-42, '-42'],
    [-0, '0'],
    [{ skipped: undefined, kept: 0 }, '{"kept":0}'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJsonText(value)).toBe(expected);
  });

  it('encodes as UTF-8 bytes', () => {
    expect([...canonicalJson('é')]).toEqual([0x22, 0xc3, 0xa9, 0x22]);
  });

  it.each([
    [1.5],
    [NaN],
    [Infinity],
    [2 ** 53],
    [{ a: { b: 0.1 } }],
    [[() => 1]],
    [new Uint8Array(2)],
    [10n],
  ])('rejects %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });

  it('names where the float is', () => {
    expect(() => canonicalJson({ signed: { custom: { percent: 12.5 } } })).toThrow(
      '$.signed.custom.percent',
    );
  });
});
