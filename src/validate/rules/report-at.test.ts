import { describe, expect, it } from 'vitest';
import { toPointer } from './report-at.js';

describe('toPointer', () => {
  it('joins segments and escapes ~ and / (RFC 6901)', () => {
    expect(toPointer('Builds', 3, 'gradle')).toBe('/Builds/3/gradle');
    expect(toPointer('a/b', 'm~n', '~/')).toBe('/a~1b/m~0n/~0~1');
    expect(toPointer()).toBe('');
  });
});
