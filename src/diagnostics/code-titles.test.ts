import { describe, expect, it } from 'vitest';
import { CODE_TITLES, titleOfCode } from './code-titles.js';
import { CODES } from './codes.js';

describe('CODE_TITLES', () => {
  it('gives every documented code a title, and titles no code that is not documented', () => {
    expect(Object.keys(CODE_TITLES).sort()).toEqual(Object.keys(CODES).sort());
  });

  it('titles in a few words: one line, capitalised or a file name, shorter than the summary', () => {
    for (const [code, title] of Object.entries(CODE_TITLES)) {
      const summary = CODES[code as keyof typeof CODES];
      expect(title, code).toMatch(/^[A-Z.a-z][^\n]{2,44}$/);
      expect(title, code).not.toMatch(/GITOTA\d/);
      expect(title.length, code).toBeLessThanOrEqual(Math.max(summary.length, 45));
    }
  });

  it('an unknown code is its own title', () => {
    expect(titleOfCode('GITOTA050')).toBe('Unknown key');
    expect(titleOfCode('GITOTA999')).toBe('GITOTA999');
    expect(titleOfCode('toString')).toBe('toString');
  });
});
