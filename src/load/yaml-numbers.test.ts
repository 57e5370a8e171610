import { describe, expect, it } from 'vitest';
import { numberProblem, readFloat, readInteger } from './yaml-numbers.js';

describe('numberProblem', () => {
  it.each([
    ['9007199254740991', undefined],
    ['-9007199254740991', undefined],
    ['+9007199254740991', undefined],
    ['0009007199254740991', undefined],
    ['9007199254740992', 'unsafe-integer'],
    ['9007199254740993', 'unsafe-integer'],
    ['-9007199254740993', 'unsafe-integer'],
    ['99999999999999999999999999', 'unsafe-integer'],
    ['0x1fffffffffffff', undefined],
    ['0x1FFFFFFFFFFFFF', undefined],
    ['0x20000000000000', 'unsafe-integer'],
    ['0x0000000000000001', undefined],
    ['0o377777777777777777', undefined],
    ['0o400000000000000000', 'unsafe-integer'],
    ['0', undefined],
    ['-0', undefined],
  ] as const)('judges the integer %s from its digits', (source, problem) => {
    expect(numberProblem(source, readInteger(source))).toBe(problem);
  });

  it.each([
    ['1.5', undefined],
    ['1e15', undefined],
    ['9007199254740991.0', undefined],
    ['1e16', 'unsafe-float'],
    ['1e20', 'unsafe-float'],
    ['-1e20', 'unsafe-float'],
    ['1e400', 'unsafe-float'],
    ['.inf', 'unsafe-float'],
    ['-.Inf', 'unsafe-float'],
    ['.nan', 'unsafe-float'],
    ['1e-400', undefined],
  ] as const)('judges the float %s by its value', (source, problem) => {
    expect(numberProblem(source, readFloat(source))).toBe(problem);
  });

  it('reads -0 and -0.0 as 0', () => {
    expect(Object.is(readInteger('-0'), 0)).toBe(true);
    expect(Object.is(readInteger('-000'), 0)).toBe(true);
    expect(Object.is(readFloat('-0.0'), 0)).toBe(true);
    expect(Object.is(readFloat('-0e5'), 0)).toBe(true);
  });

  it('judges a million-digit literal without converting it', () => {
    expect(numberProblem('9'.repeat(1_000_000), Infinity)).toBe('unsafe-integer');
  });
});
